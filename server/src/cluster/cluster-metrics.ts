// The cluster's instruments (owner leases, owner changes, bus lag and errors), from the one registry.
export { busErrors, busLagSeconds, ownerChanges, ownerLeases } from '../metrics/registry';
