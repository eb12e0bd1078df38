export * from './window';
export * from './aggregate';
export * from './document';
export * from './contract';
export * from './statistics';
export * from './minutes';
