import type { HubAccess } from '@dataspoke/hub/access';
import { hasGroup, type Group, type Identity } from './identity.js';

/**
 * Who may read, write and delete DataHub metadata through the embedded hub (/gms). Every spoke reads the
 * catalog; engineers (ingestion, technical specs) and governance (terms, domains, owners) write it; deleting
 * metadata is for administrators only. `admin` holds every right. Documented in docs/security.md.
 */
export const HUB_RIGHTS: Readonly<Record<HubAccess, readonly Group[]>> = {
  read: ['de', 'da', 'dg'],
  write: ['de', 'dg'],
  delete: [],
};

/** Why `identity` may not have `access` on the hub, or undefined when it may. */
export function hubAccessRefusal(identity: Identity | null, access: HubAccess): string | undefined {
  if (!identity) return `${access} access to the hub needs an identity: send Authorization: Bearer <key>`;
  if (identity.groups.includes('admin')) return undefined;
  const allowed = HUB_RIGHTS[access];
  if (allowed.some((group) => hasGroup(identity, group))) return undefined;
  return (
    `${access} access to the hub's metadata needs the ${[...allowed, 'admin'].join(' or ')} group; ` +
    `${identity.subject} has ${identity.groups.join(', ') || 'no groups'}`
  );
}
