/**
 * The camera's simulcast layers, lowest first: a quarter, half and full of the captured size
 * (320, 640 and 1280 wide from a 720p camera), each capped so a listener's link decides.
 */
export const CAMERA_LAYERS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
] as const;

/** The layer that fills a tile `pixels` wide (CSS width × device pixel ratio) without waste. */
export function layerForWidth(pixels: number): number {
  if (pixels < 400) return 0;
  if (pixels < 800) return 1;
  return 2;
}
