export { SyncStatus } from './SyncStatus';
export { DeliveryReceipt } from './DeliveryReceipt';
