export * from './config';
export * from './grading';
export * from './deadlines';
export * from './alerts';
export * from './duplicates';
export * from './zeroReports';
export * from './shift';
export * from './response';
