export * from './primitives';
export * from './hazard';
export * from './incident';
export * from './unit';
export * from './aviation';
export * from './supply';
export * from './assignment';
export * from './scenario';
