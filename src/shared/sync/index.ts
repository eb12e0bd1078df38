export * from './hlc';
export * from './ops';
