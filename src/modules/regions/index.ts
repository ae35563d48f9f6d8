/** Kemendagri regions (province, regencies and cities): the reference every region code is checked against. */
export {
  REGION_LEVELS,
  findRegion,
  listRegions,
  regionExists,
  type Region,
  type RegionLevel,
} from './regions.service.js';
