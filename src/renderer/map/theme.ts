import type { Theme } from '../../shared/ipc';

/** Colours of the basemap and the operational layers per theme (dark is for the wall). */
export interface MapColours {
  background: string;
  grid: string;
  provinceFill: string;
  provinceLine: string;
  cityLine: string;
  countyLine: string;
  river: string;
  label: string;
  labelHalo: string;
  incident: Record<'I' | 'II' | 'III' | 'IV', string>;
  unit: string;
  unitStale: string;
  base: string;
  depot: string;
  depotWarning: string;
  /** Coverage shading: no coverage, half, full (1-hour aviation network). */
  coverageNone: string;
  coverageHalf: string;
  coverageFull: string;
  /** Outline of places the network does not cover. */
  coverageGap: string;
  reachYes: string;
  reachNo: string;
  etaFast: string;
  etaMid: string;
  etaSlow: string;
  selection: string;
  centre: string;
}

export const MAP_COLOURS: Record<Theme, MapColours> = {
  light: {
    background: '#eef1f4',
    grid: '#d5dbe2',
    provinceFill: '#fbfaf6',
    provinceLine: '#5b4636',
    cityLine: '#8c7a6b',
    countyLine: '#c8bfb6',
    river: '#6fa8dc',
    label: '#333333',
    labelHalo: '#ffffff',
    incident: { I: '#b00020', II: '#e65100', III: '#f9a825', IV: '#1565c0' },
    unit: '#2e7d32',
    unitStale: '#9e9e9e',
    base: '#6a1b9a',
    depot: '#00838f',
    depotWarning: '#d32f2f',
    coverageNone: '#e53935',
    coverageHalf: '#fdd835',
    coverageFull: '#43a047',
    coverageGap: '#b71c1c',
    reachYes: '#6a1b9a',
    reachNo: '#9e9e9e',
    etaFast: '#2e7d32',
    etaMid: '#f9a825',
    etaSlow: '#c62828',
    selection: '#ff6f00',
    centre: '#5b4636',
  },
  dark: {
    background: '#0b1220',
    grid: '#1c2740',
    provinceFill: '#121c30',
    provinceLine: '#8fa6c8',
    cityLine: '#5d7396',
    countyLine: '#2c3b58',
    river: '#2f6fae',
    label: '#dfe7f3',
    labelHalo: '#0b1220',
    incident: { I: '#ff5370', II: '#ff9e40', III: '#ffd54f', IV: '#64b5f6' },
    unit: '#69f0ae',
    unitStale: '#78909c',
    base: '#ce93d8',
    depot: '#4dd0e1',
    depotWarning: '#ff5252',
    coverageNone: '#c62828',
    coverageHalf: '#f9a825',
    coverageFull: '#2e7d32',
    coverageGap: '#ff8a80',
    reachYes: '#ce93d8',
    reachNo: '#546e7a',
    etaFast: '#69f0ae',
    etaMid: '#ffd54f',
    etaSlow: '#ff5370',
    selection: '#ffab40',
    centre: '#8fa6c8',
  },
};
