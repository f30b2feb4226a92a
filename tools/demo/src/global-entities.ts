/**
 * The entities every catalog holds once, whatever its size: tags, the glossary, domains, groups, people
 * and service accounts (from vocabulary.ts) with their ownership, and the shared lake and warehouse
 * containers.
 */
import {
  DOMAINS,
  EMAIL_DOMAIN,
  GLOSSARY,
  GROUPS,
  SERVICE_USERS,
  STEWARDS,
  TAGS,
  USERS,
  domainUrn,
  groupUrn,
  tagUrn,
  termUrn,
  userUrn,
} from './vocabulary.js';
import { mcp, ownersAspect, stamp, type Emit } from './aspects.js';
import { LAKE_BUCKET, WAREHOUSE_DB, containerProposals } from './containers.js';
import { DAY, type Context } from './context.js';

export function* globalProposals(ctx: Context): Generator<Emit> {
  const t0 = ctx.anchor - 720 * DAY;
  const now = ctx.now;
  for (const tag of TAGS) {
    const urn = tagUrn(tag.id);
    yield mcp(
      'tag',
      urn,
      'tagProperties',
      { name: tag.name, description: tag.description, colorHex: tag.color },
      now,
    );
    yield mcp(
      'tag',
      urn,
      'ownership',
      ownersAspect([[groupUrn('data-governance'), 'DATA_STEWARD']], t0),
      now,
    );
  }
  for (const node of GLOSSARY) {
    const nodeUrn = `urn:li:glossaryNode:${node.id}`;
    yield mcp(
      'glossaryNode',
      nodeUrn,
      'glossaryNodeInfo',
      { name: node.name, definition: node.definition },
      now,
    );
    yield mcp(
      'glossaryNode',
      nodeUrn,
      'ownership',
      ownersAspect([[groupUrn('data-governance'), 'DATA_STEWARD']], t0),
      now,
    );
    for (const term of node.terms) {
      const urn = termUrn(node.id, term.id);
      yield mcp(
        'glossaryTerm',
        urn,
        'glossaryTermInfo',
        { name: term.name, definition: term.definition, termSource: 'INTERNAL', parentNode: nodeUrn },
        now,
      );
      yield mcp(
        'glossaryTerm',
        urn,
        'ownership',
        ownersAspect([[userUrn(STEWARDS[0]), 'DATA_STEWARD']], t0),
        now,
      );
    }
  }
  for (const d of DOMAINS) {
    const urn = domainUrn(d.id);
    yield mcp(
      'domain',
      urn,
      'domainProperties',
      { name: d.name, description: d.description, created: stamp(t0) },
      now,
    );
    yield mcp(
      'domain',
      urn,
      'ownership',
      ownersAspect(
        [
          [userUrn(d.lead), 'BUSINESS_OWNER'],
          [groupUrn(d.group), 'TECHNICAL_OWNER'],
        ],
        t0,
      ),
      now,
    );
  }
  for (const g of GROUPS) {
    const members = USERS.filter((u) => u.groups.includes(g.id)).map((u) => userUrn(u.id));
    yield mcp(
      'corpGroup',
      groupUrn(g.id),
      'corpGroupInfo',
      {
        displayName: g.name,
        description: g.description,
        email: `${g.id}@${EMAIL_DOMAIN}`,
        admins: [userUrn(g.admin)],
        members,
        groups: [],
      },
      now,
    );
  }
  for (const u of USERS) {
    const urn = userUrn(u.id);
    yield mcp(
      'corpuser',
      urn,
      'corpUserInfo',
      {
        active: true,
        displayName: `${u.first} ${u.last}`,
        email: `${u.id}@${EMAIL_DOMAIN}`,
        title: u.title,
        departmentName: u.department,
        fullName: `${u.first} ${u.last}`,
        firstName: u.first,
        lastName: u.last,
        countryCode: 'US',
      },
      now,
    );
    yield mcp('corpuser', urn, 'groupMembership', { groups: u.groups.map(groupUrn) }, now);
  }
  for (const s of SERVICE_USERS) {
    yield mcp(
      'corpuser',
      userUrn(s.id),
      'corpUserInfo',
      {
        active: true,
        displayName: s.displayName,
        email: `${s.id}@${EMAIL_DOMAIN}`,
        title: 'Service account',
      },
      now,
    );
  }
  yield* containerProposals(LAKE_BUCKET, now);
  yield* containerProposals(WAREHOUSE_DB, now);
}
