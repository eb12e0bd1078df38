/**
 * The dispatch engine's public API (docs/dispatch.md). Pure and platform-free: the app's services,
 * the map and the CLI all call these.
 */
export {
  recommend,
  RUN_CARD_TARGET_MINUTES,
  recommendWith,
  fillRunCard,
  toCandidates,
  describeRefusals,
  type ScenarioLike,
  type IncidentLike,
  type RecommendOptions,
  type Recommendation,
  type Candidate,
  type CandidateNote,
  type EtaParts,
  type RefusedAircraft,
  type RunCardResult,
  type RunCardSlotResult,
} from './recommend';
export { explainCandidate, explainEta, explainFix, explainRefusal, explainRunCard } from './explain';
export { explainAvailability } from './airAvailability';
export {
  DEFAULT_ELIGIBLE_STATUSES,
  defaultGroundModel,
  makeContext,
  topK,
  compareRanked,
  type ContextOptions,
  type RankContext,
  type RankBy,
  type Ranked,
  type RankedUnit,
  type RankedAircraft,
  type ResourceFilter,
} from './rank';
export { buildUnitIndex, unitIndexFor, type UnitIndex } from './unitIndex';
export {
  DEFAULT_HAZARD_CAPABILITIES,
  capabilityMask,
  capabilitiesOf,
  type HazardCapabilityTable,
} from './capabilities';
export { DEFAULT_RUN_CARDS, runCardFor, type RunCardSlot, type RunCardTable } from './runCards';
export {
  DEFAULT_FIX_POLICY,
  assessFix,
  type FixPolicy,
  type FixAssessment,
  type FixState,
  type Confidence,
} from './confidence';
export {
  reachNetwork,
  reachAreas,
  baseReachRadius,
  type AviationOptions,
  type ReachNetworkResult,
  type BaseReach,
  type AircraftReach,
  type ReachAreasOptions,
  type ReachAreaProperties,
  type ReconReach,
  type CountingAircraft,
  countingCapabilities,
} from './aviation';
export {
  NETWORK_CAPABILITIES,
  RECON_CAPABILITIES,
  EXTERNAL_LOAD_SPEED_RATIO,
  BUCKET_HAZARDS,
  networkCapabilitiesFor,
  isReconOnly,
  isBucketMission,
  externalLoadSpeedKmh,
  missionSpeed,
  missionEta,
  waterLeg,
  type SpeedBasis,
  type WaterLeg,
  type MissionEta,
} from './airMission';
export {
  countyCoverage,
  prepareCoverageGrid,
  bestEtaField,
  type CoverageOptions,
  type CoverageReport,
  type CountyCoverage,
  type WorstPlace,
} from './coverage';
export {
  whatIfBase,
  bestSite,
  DEFAULT_WHATIF_AIRCRAFT,
  type WhatIfOptions,
  type SiteGain,
  type BestSiteResult,
} from './coveragePlanning';
export {
  moveUp,
  isFireSeason,
  FIRE_SEASON,
  MOVE_UP_DEFAULTS,
  type MoveUpOptions,
  type MoveUpResult,
  type MoveUpMove,
  type MoveUpRole,
  type MoveUpHeld,
  type MoveUpHoldReason,
  type MoveUpRejected,
} from './moveUp';
export {
  hazardWeightedCoverage,
  hazardZonesFromGeoJSON,
  type HazardZone,
  type HazardZoneCoverage,
  type HazardWeightedCoverage,
} from './coverageHazard';
export {
  assign,
  STALE_FIX_MINUTES,
  type AssignIncident,
  type NeedSpec,
  type AssignObjective,
  type AssignOptions,
  type AssignmentResult,
  type AssignmentPlan,
  type IncidentAssignment,
  type AssignedResource,
  type AssignTotals,
} from './multiIncidentOptimiser';
export { solveSparseAssignment, type SparseProblem, type SparseSolution } from './lap';
export {
  allocateSupplies,
  supplyNeeds,
  isColdSeason,
  DEFAULT_SUPPLY_RATIOS,
  DEFAULT_TRUCK,
  type SupplyRatio,
  type SupplyOptions,
  type SupplyPlan,
  type ItemNeed,
  type DepotShipment,
} from './supply';
export { rerankWithRouter } from './router';
