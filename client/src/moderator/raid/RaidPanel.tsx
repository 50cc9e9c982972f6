// The moderators' raid tab: the shield, the review list, held chat messages and the flood controls.
import { FloodControls } from './FloodControls';
import { HeldMessages } from './HeldMessages';
import { ReviewList } from './ReviewList';
import { ShieldControls } from './ShieldControls';

export function RaidPanel() {
  return (
    <div className="raid-panel" data-testid="raid-panel">
      <ShieldControls />
      <ReviewList />
      <HeldMessages />
      <FloodControls />
    </div>
  );
}
