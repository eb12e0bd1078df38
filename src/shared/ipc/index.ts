export * from './result';
export * from './errors';
export * from './contract';
export * from './bridge';
export * from './channels';
