/** Where a replay stands: the sample shown, of how many, its time, and the clock's state. */
export interface ReplayPosition {
  index: number;
  total: number;
  t: number;
  playing: boolean;
  speed: number;
}
