import { cachedShownNames, type ShownNames } from '../lib/names';
import { useCall } from './useCallSelector';

/** Display names with the suffix that tells two people of the same name apart. */
export function useShownNames(): ShownNames {
  return useCall(cachedShownNames);
}
