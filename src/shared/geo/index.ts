export * from './spherical';
export * from './nearest';
export * from './polygon';
export * from './grid';
export * from './circle';
export * from './terrain';
export * from './eta';
export * from './bounds';
