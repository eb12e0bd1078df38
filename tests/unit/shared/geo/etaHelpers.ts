export * from '../../../../src/shared/geo';
export { UNIT_KINDS as UNIT_KINDS_FOR_TEST } from '../../../../src/shared/domain';
