export * from './hlc';
export * from './ops';
export * from './merge';
export * from './records';
export * from './roles';
export * from './protocol';
export * from './status';
export * from './logEntryPrecheck';
