import { isPossiblePhoneNumber } from 'libphonenumber-js';
import validator from 'validator';

/**
 * PII kinds of a column from its name, its table, its type and its profile's sample values. Names decide most
 * columns; sample values confirm a name or, when at least nine in ten of them are of one kind, find a column
 * whose name says nothing (a `contact` holding e-mail addresses). Values are checked with validator.js (e-mail,
 * IP, payment cards by Luhn and issuer ranges, identity cards) and libphonenumber-js (phone numbers).
 */

export const PII_KINDS = [
  'email',
  'phone',
  'person_name',
  'address',
  'ip_address',
  'payment_card',
  'national_id',
  'date_of_birth',
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiColumn {
  fieldPath: string;
  /** The table's name (its last name part). */
  table: string;
  /** DataHub's field type (STRING, NUMBER, …) or the native type. */
  type: string;
  sampleValues?: readonly string[] | null;
  /** The column's description, when it has one. */
  description?: string | null;
}

/** What the classifier reads of a catalog column (the native type over DataHub's, as the source knows it). */
export function piiColumnOf(
  table: string,
  field: {
    fieldPath: string;
    type: string;
    nativeType: string | null;
    sampleValues: string[] | null;
    description: string | null;
  },
): PiiColumn {
  return {
    fieldPath: field.fieldPath,
    table,
    type: field.nativeType ?? field.type,
    sampleValues: field.sampleValues,
    description: field.description,
  };
}

export interface PiiFinding {
  kind: PiiKind;
  confidence: number;
  /** Why, in words, for the evidence. */
  reasons: string[];
}

/** A name split into lower-case words: `customerEmail`, `CUSTOMER_EMAIL` and `customer-email` alike. */
export function nameTokens(name: string): string[] {
  return (name.split('.').pop() ?? name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

/**
 * Abbreviations column names use for words the rules read, expanded before any rule runs. Single tokens only;
 * a token may stand for two words (`bdate` is a birth date, `minit` a middle initial).
 */
const ABBREVIATIONS: Record<string, readonly string[]> = {
  emp: ['employee'],
  empl: ['employee'],
  stu: ['student'],
  stud: ['student'],
  cust: ['customer'],
  mgr: ['manager'],
  usr: ['user'],
  pers: ['person'],
  addr: ['address'],
  tel: ['phone'],
  init: ['initial'],
  minit: ['middle', 'initial'],
  bdate: ['birth', 'date'],
  birthdt: ['birth', 'date'],
  dt: ['date'],
  zipcode: ['zip', 'code'],
  postcode: ['postal', 'code'],
};

/**
 * The words of a column name as the rules read them: trailing digits dropped (`address2`, `line_1` stay
 * address and line), abbreviations expanded, a one-letter prefix that is the table's initial dropped (`pName`
 * in `Player`), and SSNs kept apart from a one-letter owner (`Essn`, an employee's SSN).
 */
function columnTokens(fieldPath: string, table: string): string[] {
  let t = nameTokens(fieldPath)
    .map((w) => (/^[a-z]+\d+$/.test(w) ? w.replace(/\d+$/, '') : w))
    .filter((w) => !/^\d+$/.test(w));
  const tableInitial = nameTokens(table)[0]?.[0];
  if (t.length >= 2 && t[0]!.length === 1 && t[0] === tableInitial) t = t.slice(1);
  return t.flatMap((w) => ABBREVIATIONS[w] ?? (/^[a-z]{1,2}ssn$/.test(w) ? ['ssn'] : [w]));
}

/** Words that make a table or a column prefix about people, so that its `name` is a person's name. */
const PERSON_WORDS = new Set(
  (
    'person people customer customers client clients user users employee employees staff student students ' +
    'instructor instructors teacher teachers professor author authors member members patient patients player players ' +
    'driver drivers pilot pilots passenger passengers guest guests owner owners contact contacts manager managers ' +
    'artist artists actor actors singer singers director directors applicant applicants candidate candidates ' +
    'physician physicians doctor doctors nurse nurses resident residents voter voters tenant tenants buyer buyers ' +
    'seller sellers host hosts people_ individual individuals account_holder holder participant participants ' +
    'volunteer volunteers worker workers journalist journalists editor editors reviewer reviewers mother father ' +
    'parent parents child children spouse emp cust usr pers head heads representative representatives friend friends ' +
    'musician musicians writer writers poet architect architects engineer engineers scientist scientists politician ' +
    'coach coaches captain victim victims suspect suspects witness officer officers lawyer lawyers surgeon ' +
    'leader leaders climber climbers runner runners rider riders swimmer swimmers athlete athletes dancer dancers ' +
    'performer performers gymnast gymnasts boxer wrestler composer composers visitor visitors staffer agent agents ' +
    'salesperson contractor contractors therapist dentist pharmacist clerk cashier technician technicians ' +
    'mechanic mechanics operator operators instructor tutor tutors trainer trainers consultant consultants ' +
    'advisor advisors adviser counselor supervisor supervisors inspector inspectors auditor auditors ' +
    'attorney attorneys judge judges referee referees umpire umpires conductor conductors entrant entrants ' +
    'subscriber subscribers borrower borrowers lender donor donors sponsor_contact recipient recipients ' +
    'beneficiary beneficiaries investor investors shareholder shareholders policyholder insured claimant ' +
    'reporter reporters photographer photographers designer designers programmer programmers developer developers ' +
    'professional professionals contestant contestants winner winners loser losers nominee nominees dependent ' +
    'dependents donator donators producer producers governor governors minister ministers delegate delegates ' +
    'senator senators mayor commander commanders chair chairman chairperson highschooler'
  ).split(' '),
);

const FIRST_LAST = new Set([
  'firstname',
  'lastname',
  'fname',
  'lname',
  'surname',
  'forename',
  'givenname',
  'familyname',
  'fullname',
  'middlename',
  'middleinitial',
  'maidenname',
  'initials',
  'nickname',
]);

/**
 * Owners that are not people: the phone, e-mail, address or name of a store, building or department is a
 * business's contact, not personal data.
 */
const NOT_PERSON_OWNERS = new Set(
  (
    'store stores shop building buildings property properties department dept company companies office branch ' +
    'hotel school university college warehouse supplier vendor bank venue location station site plant facility ' +
    'business organisation organization agency model hardware product device team city country ' +
    'location locations venue venues restaurant restaurants hospital hospitals clinic clinics airport airports ' +
    'museum museums park parks theater theatre stadium stadiums church churches club clubs'
  ).split(' '),
);

/** Role nouns a column may be named for when it holds a person's name (`Director`, `building_manager`). */
const ROLE_COLUMNS = new Set(
  (
    'manager director author writer composer editor pilot driver player singer artist actor leader ' +
    'captain coach president representative technician instructor conductor governor comptroller minister ' +
    'delegate nominee senator mayor chair chairman chairperson commander attorney producer'
  ).split(' '),
);

/** Words that qualify a role in a title (`Lieutenant_Governor`, `Attorney_General`, `vice_chair`). */
const TITLE_MODIFIERS = new Set(
  'lieutenant general deputy vice chief assistant associate head senior junior co acting'.split(' '),
);

/**
 * Verbs of `<verb>_by` columns that record who touched a row (a login or user id), not the person a text
 * column names (`Directed_by`, `Written_by`).
 */
const AUDIT_VERBS = new Set(
  (
    'created updated modified changed inserted deleted edited processed generated loaded run submitted ' +
    'uploaded imported exported requested reviewed approved last'
  ).split(' '),
);

function joined(tokens: readonly string[]): string {
  return tokens.join('');
}

/** A word is about people when it is a person word or starts with one (`useracct`, `customerinfo`). */
const isPersonWord = (w: string) =>
  PERSON_WORDS.has(w) ||
  [...PERSON_WORDS].some((p) => p.length >= 4 && w.startsWith(p) && w.length <= p.length + 5);

/** Words a table name adds to its subject without changing it (`school_details`, `dim_customer`). */
const TABLE_NAME_FILLERS = new Set(
  'details detail info information data record records list master table tbl dim fact fct stg raw profile profiles'.split(
    ' ',
  ),
);

/** What a table's rows are: its last word that is not a filler (`school` of `school_details`). */
function tableSubject(words: readonly string[]): string | undefined {
  return words.filter((w) => !TABLE_NAME_FILLERS.has(w)).pop();
}

/**
 * A table that is a business place or unit (`Department`, `Locations`, `stores`): its contact columns are the
 * business's, unless the column's own name is about a person (`Department.manager_phone`).
 */
function ownedByBusinessTable(table: string, t: readonly string[]): boolean {
  const words = nameTokens(table);
  const head = tableSubject(words);
  return (
    head !== undefined && NOT_PERSON_OWNERS.has(head) && !words.some(isPersonWord) && !t.some(isPersonWord)
  );
}

/** Postcodes are often stored as numbers (US ZIP codes in an INT column). */
const isPostcodeName = (t: readonly string[]) =>
  t.some((w) => ['zip', 'zipcode', 'postcode', 'postalcode'].includes(w)) ||
  (t.includes('postal') && t.includes('code'));

/** What the column name alone says, with the table's name as context. */
function kindFromName(column: PiiColumn): { kind: PiiKind; reason: string } | null {
  const t = columnTokens(column.fieldPath, column.table);
  const tableWords = nameTokens(column.table);
  const has = (...words: string[]) => words.some((w) => t.includes(w));
  const all = joined(t);
  const idLike =
    (has('id', 'key', 'type', 'count', 'flag', 'status', 'verified', 'domain', 'opt', 'hash') ||
      (has('code') && !isPostcodeName(t))) &&
    !has('number', 'no', 'num');
  if (
    isTextType(column.type) &&
    t.length <= 2 &&
    ROLE_COLUMNS.has(t[t.length - 1] ?? '') &&
    !has('id', 'type', 'count')
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is named for a person's role` };
  // A column of role nouns only (`Author_or_Editor`) holds a person's name.
  const roleWords = t.filter((w) => w !== 'or' && w !== 'and');
  if (
    isTextType(column.type) &&
    roleWords.length >= 2 &&
    roleWords.length < t.length &&
    roleWords.every((w) => ROLE_COLUMNS.has(w))
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is named for people's roles` };
  // A title: a role with its qualifiers (`Lieutenant_Governor`, `Attorney_General`).
  if (
    isTextType(column.type) &&
    t.length >= 2 &&
    t.length <= 3 &&
    t.some((w) => ROLE_COLUMNS.has(w)) &&
    t.every((w) => ROLE_COLUMNS.has(w) || TITLE_MODIFIERS.has(w))
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is named for a person's title` };
  // Who did something a text column records by name (`Directed_by`), not who touched the row.
  if (isTextType(column.type) && t.length === 2 && t[1] === 'by' && !AUDIT_VERBS.has(t[0]!))
    return { kind: 'person_name', reason: `"${column.fieldPath}" names who did it` };
  // A store's phone or a building's address is a business contact, not a person's.
  if (t.slice(0, -1).some((w) => NOT_PERSON_OWNERS.has(w)) && !has('card', 'ssn', 'passport')) return null;
  if (ownedByBusinessTable(column.table, t) && !has('card', 'ssn', 'passport')) return null;
  // Catch-all free text (`other_address_details`) is not a value of one kind.
  if (t[0] === 'other' && t[t.length - 1] === 'details') return null;
  if ((has('email', 'mail') || all.includes('email')) && !idLike && !has('domain'))
    return { kind: 'email', reason: `the name "${column.fieldPath}" says e-mail` };
  if (has('phone', 'telephone', 'tel', 'mobile', 'cell', 'fax', 'msisdn') || all.includes('phone'))
    if (!idLike) return { kind: 'phone', reason: `the name "${column.fieldPath}" says phone` };
  if (has('contact') && has('number', 'no', 'num'))
    return { kind: 'phone', reason: `the name "${column.fieldPath}" says contact number` };
  if ((has('ip') || all.includes('ipaddress') || all.startsWith('ipv')) && !has('zip', 'ship'))
    return { kind: 'ip_address', reason: `the name "${column.fieldPath}" says IP address` };
  if (
    all.includes('creditcard') ||
    (has('card', 'cc') && has('number', 'no', 'num', 'pan', 'last4', 'bin', 'last')) ||
    has('pan') ||
    all.includes('cardnumber')
  )
    return { kind: 'payment_card', reason: `the name "${column.fieldPath}" says payment card` };
  if (
    has('ssn', 'nino', 'sin', 'nric', 'aadhaar', 'passport') ||
    all.includes('socialsecurity') ||
    all.includes('nationalid') ||
    all.includes('taxid') ||
    all.includes('driverlicen') ||
    (has('license', 'licence') &&
      has('number', 'no', 'num') &&
      !has('plate', 'vehicle', 'truck', 'car', 'van', 'bus'))
  )
    return { kind: 'national_id', reason: `the name "${column.fieldPath}" says national or personal id` };
  if (has('dob', 'birthday', 'birthdate') || (has('birth') && has('date')) || all === 'dateofbirth')
    return { kind: 'date_of_birth', reason: `the name "${column.fieldPath}" says date of birth` };
  const ownedByBusiness = t.slice(0, -1).some((w) => NOT_PERSON_OWNERS.has(w));
  if (
    !ownedByBusiness &&
    (FIRST_LAST.has(all) ||
      FIRST_LAST.has(joined(t.slice(-2))) ||
      FIRST_LAST.has(t[t.length - 1] ?? '') ||
      (has('middle') && has('initial')))
  )
    return { kind: 'person_name', reason: `the name "${column.fieldPath}" is a personal name part` };
  // An initial of a person (`EMP_INITIAL`, `STU_INIT`).
  if (
    !ownedByBusiness &&
    t[t.length - 1] === 'initial' &&
    (t.slice(0, -1).some(isPersonWord) || (t.length === 1 && tableWords.some(isPersonWord)))
  )
    return { kind: 'person_name', reason: `"${column.fieldPath}" is a person's initial` };
  if (has('name') && !idLike && !has('login', 'user', 'username', 'screen', 'account', 'file', 'host')) {
    const before = t.slice(0, t.indexOf('name'));
    const personPrefix = before.some(isPersonWord);
    const subject = tableSubject(tableWords);
    const plainName = before.length === 0 && subject !== undefined && isPersonWord(subject);
    if (personPrefix || plainName)
      return {
        kind: 'person_name',
        reason: personPrefix
          ? `"${column.fieldPath}" names a person`
          : `"${column.fieldPath}" in the table "${column.table}" of people`,
      };
  }
  // The street lines of an addresses table (`line_1`, `line_1_number_building`).
  const addressTable = tableWords.some((w) => w.startsWith('address'));
  if (addressTable && t[0] === 'line' && !idLike)
    return { kind: 'address', reason: `"${column.fieldPath}" is a street line of "${column.table}"` };
  if (
    (has('address', 'addr', 'street') &&
      !has('ip', 'email', 'mail', 'web', 'url', 'mac', 'wallet') &&
      !idLike) ||
    (has('zip', 'zipcode', 'postcode') && !idLike) ||
    (has('postal') && has('code'))
  ) {
    const personal =
      has('address', 'addr', 'street') ||
      tableWords.some((w) => isPersonWord(w) || w.startsWith('address')) ||
      t.some((w) => PERSON_WORDS.has(w) || w === 'billing' || w === 'shipping' || w === 'home');
    if (personal) return { kind: 'address', reason: `the name "${column.fieldPath}" says postal address` };
  }
  return null;
}

/** Phrases a column description uses for a PII kind; a description about flags, counts or ids says none. */
const DESCRIPTION_KINDS: [PiiKind, RegExp][] = [
  ['email', /\be-?mail address(es)?\b/],
  ['phone', /\b(phone|telephone|mobile|cell|fax) (number|no)\b/],
  ['date_of_birth', /\b(date of birth|birth ?date|birthday)\b/],
  [
    'national_id',
    /\b(social security number|national (id|identifier|insurance number)|passport number|tax id)\b/,
  ],
  ['payment_card', /\b(credit|debit|payment) card number\b/],
  ['ip_address', /\bip address\b/],
  ['person_name', /\b(first|last|given|family|middle|full|maiden) name\b|\bsurname\b/],
  [
    'address',
    /\b(postal code|zip ?code|postcode|street address|address line|(first|second|third) line of .*address)\b/,
  ],
];
const NOT_A_VALUE =
  /\b(flag|indicat\w*|whether|identifier|id of|reference to|foreign key|count|number of|opted)\b/;

/** What a column's description says it holds, for a column whose name says nothing. */
function kindFromDescription(description: string): { kind: PiiKind; reason: string } | null {
  const text = description.toLowerCase();
  if (NOT_A_VALUE.test(text)) return null;
  const kinds = DESCRIPTION_KINDS.filter(([, re]) => re.test(text));
  if (kinds.length !== 1) return null;
  return { kind: kinds[0]![0], reason: `the description says ${kinds[0]![0].replace(/_/g, ' ')}` };
}

const isTextType = (type: string) =>
  !/^(NUMBER|INT|BIGINT|DOUBLE|FLOAT|DECIMAL|BOOLEAN|BOOL|DATE|TIME)/i.test(type);

/** The kind most sample values are, when at least nine in ten of (at least three) values are. */
function kindFromValues(values: readonly string[]): { kind: PiiKind; share: number } | null {
  const vs = values.map((v) => String(v).trim()).filter((v) => v !== '');
  if (vs.length < 3) return null;
  const tests: [PiiKind, (v: string) => boolean][] = [
    ['email', (v) => validator.isEmail(v)],
    ['ip_address', (v) => validator.isIP(v)],
    ['payment_card', (v) => validator.isCreditCard(v.replace(/[ -]/g, ''))],
    ['phone', (v) => /^[+(]?\d[\d ()./-]{6,}$/.test(v) && isPossiblePhoneNumber(v, 'US')],
    ['national_id', (v) => /^\d{3}-\d{2}-\d{4}$/.test(v) && validator.isTaxID(v.replace(/-/g, ''), 'en-US')],
  ];
  for (const [kind, test] of tests) {
    const share = vs.filter(test).length / vs.length;
    if (share >= 0.9) return { kind, share };
  }
  return null;
}

/** The column's PII kind, or null; a name and values that disagree leave it unclassified. */
export function classifyPii(column: PiiColumn): PiiFinding | null {
  const byName =
    kindFromName(column) ?? (column.description ? kindFromDescription(column.description) : null);
  const byValues = column.sampleValues ? kindFromValues(column.sampleValues) : null;
  const numericPostcode =
    byName?.kind === 'address' && isPostcodeName(columnTokens(column.fieldPath, column.table));
  if (
    byName &&
    !isTextType(column.type) &&
    ['email', 'person_name', 'address'].includes(byName.kind) &&
    !numericPostcode
  )
    return null;
  if (byName && byValues && byValues.kind !== byName.kind) {
    // Values of another kind outweigh a name only for the kinds values prove (an e-mail column named "contact").
    return null;
  }
  if (byName && byValues)
    return {
      kind: byName.kind,
      confidence: 0.97,
      reasons: [
        byName.reason,
        `${Math.round(byValues.share * 100)}% of the sampled values are ${byValues.kind}`,
      ],
    };
  if (byName) return { kind: byName.kind, confidence: 0.85, reasons: [byName.reason] };
  if (byValues)
    return {
      kind: byValues.kind,
      confidence: 0.9,
      reasons: [`${Math.round(byValues.share * 100)}% of the sampled values are ${byValues.kind}`],
    };
  return null;
}

/** Names a catalog's glossary term for a PII kind may have (matched on the term's name, case-insensitively). */
export const PII_TERM_NAMES: Record<PiiKind, string[]> = {
  email: ['email address', 'email', 'e-mail'],
  phone: ['phone number', 'phone', 'telephone number'],
  person_name: ['full name', 'person name', 'personal name', 'name'],
  address: ['postal address', 'address', 'street address'],
  ip_address: ['ip address', 'ip'],
  payment_card: ['payment card', 'credit card', 'card number'],
  national_id: ['national id', 'national identifier', 'ssn', 'social security number', 'government id'],
  date_of_birth: ['date of birth', 'birth date', 'dob'],
};
