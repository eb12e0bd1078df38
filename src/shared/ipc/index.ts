export * from './result';
export * from './contract';
export * from './bridge';
