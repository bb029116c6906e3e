import { randomUUID } from "node:crypto";
import {
  buildSchema,
  getNamedType,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLEnumType,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  isLeafType,
} from "graphql";
import fs from "node:fs";
import path from "node:path";
import { startTestHub, TestHub, codes, DEMO_USERS } from "./support/test-hub";
import { ROOT } from "./support/hub-process";

// A child's own records are seen by the people appointed to that child, not to a sibling.
// NS26C00041 holds two siblings: Amber (IRO Alex, social worker Sam, guardian Grace) and Jay
// (IRO Bea, social worker Jo, guardian Gil). Every child-level operation, and every nested path
// to a child, is walked for each person, generated from the schema: a sibling's appointee gets
// NOT_FOUND exactly as for an id that does not exist, and sees of the other child only the name
// and who holds which role; the child's own appointees, the legal department and the managers
// see the records.

const PDF = Buffer.from("%PDF-1.7\nchild access\n%%EOF\n");
// Written into Jay's records wherever free text goes: no response to Amber's people may hold it.
const JAY_ONLY = "Jay-only-canary";

describe("child-level records", () => {
  let hub: TestHub;
  let schema: GraphQLSchema;
  let caseId: string;
  let amber: string;
  let jay: string;
  const today = () => hub.clock.today();
  // The ids of each child's records, by kind.
  const recordsOf: Record<string, Record<string, string>> = { amber: {}, jay: {} };

  const ok = async (who: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await hub.gql(who, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    schema = buildSchema(fs.readFileSync(path.join(ROOT, "schema/schema.graphql"), "utf8"));
    [{ id: caseId }] = await hub.sql("SELECT id FROM proceedings WHERE court_case_number = 'NS26C00041'");
    [{ id: amber }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Amber'");
    [{ id: jay }] = await hub.sql("SELECT id FROM child WHERE given_name = 'Jay'");
    const [{ id: la }] = await hub.sql("SELECT id FROM organisation WHERE kind = 'LOCAL_AUTHORITY'");
    await ok(DEMO_USERS.admin, `mutation($i: RegisterUserInput!) { registerUser(input: $i) { id } }`, {
      i: { organisationId: la, subject: "sw.jo", displayName: "Jo Social Worker", email: "jo@example.org.uk", roles: ["SOCIAL_WORKER"] },
    });
    // Jay gets his own IRO, social worker and guardian from today (Alex's, Sam's and Grace's appointments to him end yesterday).
    await ok(DEMO_USERS.iroManager, `mutation($i: AppointPersonInput!) { appointIro(input: $i) { id } }`, {
      i: { childId: jay, userId: await hub.userId(DEMO_USERS.iroBea), startsOn: today() },
    });
    await ok(DEMO_USERS.legal, `mutation($i: AppointPersonInput!) { allocateSocialWorker(input: $i) { id } }`, {
      i: { childId: jay, userId: await hub.userId("sw.jo"), startsOn: today() },
    });
    await ok(DEMO_USERS.cafcassManager, `mutation($i: AppointPersonInput!) { allocateGuardian(input: $i) { id } }`, {
      i: { childId: jay, userId: await hub.userId(DEMO_USERS.guardianGil), startsOn: today() },
    });

    const sections = (s: string) => ({ placement: s, contact: s, health: s, education: s, permanence: s, wishesAndFeelings: s });
    const plan = async (who: string, child: string, status: string, basedOnVersion: number) =>
      (
        await ok(who, `mutation($i: RecordCarePlanVersionInput!) { recordCarePlanVersion(input: $i) { id } }`, {
          i: { childId: child, basedOnVersion, status, changeSummary: "plan", sections: sections("plan") },
        })
      ).recordCarePlanVersion.id;
    const event = async (who: string, child: string) =>
      (
        await ok(who, `mutation($i: RecordSignificantEventInput!) { recordSignificantEvent(input: $i) { id } }`, {
          i: { childId: child, kind: "SCHOOL_EXCLUSION", occurredOn: today(), summary: `${child === jay ? JAY_ONLY : "Amber"} excluded`, changesPlan: true },
        })
      ).recordSignificantEvent.id;
    const liaison = async (who: string, child: string) =>
      (
        await ok(who, `mutation($i: RecordLiaisonInput!) { recordLiaison(input: $i) { id actions { id } } }`, {
          i: {
            childId: child,
            occurredOn: today(),
            method: "CALL",
            participants: ["IRO", "Guardian"],
            topics: ["CARE_PLAN"],
            actions: [{ description: "notes", owner: "GUARDIAN", dueOn: today() }],
          },
        })
      ).recordLiaison;
    const review = async (who: string, child: string) =>
      (
        await ok(who, `mutation($i: RecordReviewInput!) { recordReview(input: $i) { id decisions { id } } }`, {
          i: {
            childId: child,
            heldOn: today(),
            participants: ["IRO"],
            spokeToChild: true,
            planOnTrack: true,
            decisions: [{ description: "do it", owner: "SW", dueOn: today() }],
          },
        })
      ).recordReview;
    const dispute = async (who: string, child: string, responder: string) => {
      const d = (await ok(who, `mutation($c: ID!) { raiseConcern(childId: $c, concern: "contact") { id } }`, { c: child })).raiseConcern.id;
      const s = (
        await ok(who, `mutation($d: ID!, $r: ID!) { escalateDispute(disputeId: $d, stage: "TEAM_MANAGER", responderId: $r) { id } }`, {
          d,
          r: await hub.userId(responder),
        })
      ).escalateDispute.id;
      return { d, s };
    };
    const referral = async (who: string, child: string) =>
      (await ok(who, `mutation($c: ID!) { referToCafcass(childId: $c, reason: "drift") { id } }`, { c: child })).referToCafcass.id;

    // Amber's records, by her own people.
    await ok(DEMO_USERS.socialWorker, `mutation($c: ID!, $d: LocalDate!) { recordLookedAfterSince(childId: $c, since: $d) { id } }`, {
      c: amber,
      d: "2026-01-05",
    });
    recordsOf.amber.plan = await plan(DEMO_USERS.socialWorker, amber, "INTERIM", 0);
    recordsOf.amber.event = await event(DEMO_USERS.socialWorker, amber);
    const al = await liaison(DEMO_USERS.iroAlex, amber);
    Object.assign(recordsOf.amber, { liaison: al.id, action: al.actions[0].id });
    const ar = await review(DEMO_USERS.iroAlex, amber);
    Object.assign(recordsOf.amber, { review: ar.id, decision: ar.decisions[0].id });
    const ad = await dispute(DEMO_USERS.iroAlex, amber, DEMO_USERS.socialWorker);
    Object.assign(recordsOf.amber, { dispute: ad.d, stage: ad.s });
    recordsOf.amber.referral = await referral(DEMO_USERS.iroAlex, amber);

    // Jay's, by his: a final order, a post-order change and an assurance statement too.
    const v1 = await plan("sw.jo", jay, "FINAL", 0);
    await ok(DEMO_USERS.legal, `mutation($i: RecordFinalOutcomeInput!) { recordFinalOutcome(input: $i) { id } }`, {
      i: {
        childId: jay,
        proceedingsId: caseId,
        orderType: "CARE_ORDER",
        orderDate: today(),
        approvedCarePlanVersionId: v1,
        courtRecommendations: `${JAY_ONLY} recommendations`,
      },
    });
    recordsOf.jay.plan = await plan("sw.jo", jay, "POST_ORDER", 1);
    recordsOf.jay.event = await event("sw.jo", jay);
    const jl = await liaison(DEMO_USERS.iroBea, jay);
    Object.assign(recordsOf.jay, { liaison: jl.id, action: jl.actions[0].id });
    const jr = await review(DEMO_USERS.iroBea, jay);
    Object.assign(recordsOf.jay, { review: jr.id, decision: jr.decisions[0].id });
    const jd = await dispute(DEMO_USERS.iroBea, jay, "sw.jo");
    Object.assign(recordsOf.jay, { dispute: jd.d, stage: jd.s });
    recordsOf.jay.referral = await referral(DEMO_USERS.iroBea, jay);
    [{ id: recordsOf.jay.change }] = await hub.sql("SELECT id FROM post_order_change WHERE child_id = $1 ORDER BY raised_at LIMIT 1", [jay]);
    [{ id: recordsOf.jay.statement }] = await hub.sql("SELECT id FROM assurance_statement WHERE child_id = $1", [jay]);

    // Court papers: one about Jay only, one about both.
    for (const [title, childIds] of [
      ["Jay's assessment", [jay]],
      ["Both children", []],
    ] as const) {
      const slot = await ok(DEMO_USERS.legal, `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`, {
        i: {
          proceedingsId: caseId,
          type: "EXPERT_ASSESSMENT",
          title,
          documentDate: today(),
          childIds,
          confidentiality: "OPEN",
          fileName: "a.pdf",
          contentType: "application/pdf",
          idempotencyKey: randomUUID(),
        },
      });
      expect((await hub.upload(DEMO_USERS.legal, slot.createUploadSlot.uploadUrl, PDF)).status).toBe(201);
      recordsOf[childIds.length ? "jay" : "amber"][childIds.length ? "paper" : "sharedPaper"] = slot.createUploadSlot.documentId;
    }
    const [j] = await hub.sql("SELECT la_reference, date_of_birth::text AS born FROM child WHERE id = $1", [jay]);
    const [a] = await hub.sql("SELECT date_of_birth::text AS born FROM child WHERE id = $1", [amber]);
    jaySecrets = [JAY_ONLY, j.la_reference, ...(j.born === a.born ? [] : [j.born])];
  }, 60_000);
  afterAll(() => hub.stop());

  // --- the generated walk ------------------------------------------------------------------------

  /** A plausible value for an input type: enough to get past parsing and reach the access check. */
  function sample(type: GraphQLInputType, name: string, child: string): unknown {
    if (type instanceof GraphQLNonNull) return sample(type.ofType, name, child);
    if (type instanceof GraphQLList) return [sample(type.ofType, name, child)];
    if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
    if (type instanceof GraphQLInputObjectType) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields()))
        if (f.type instanceof GraphQLNonNull || f.name === "childId") out[f.name] = sample(f.type, f.name, child);
      return out;
    }
    const scalar = (type as GraphQLScalarType).name;
    if (name === "childId") return child;
    if (name === "proceedingsId") return caseId;
    if (scalar === "LocalDate") return today();
    if (scalar === "Int" || scalar === "Float") return 1;
    if (scalar === "Boolean") return true;
    if (scalar === "ID") return randomUUID();
    return "Generated value for the access walk";
  }

  /** Every Query, Mutation and Subscription field that names a child, directly or in its input. */
  function childOperations(): {
    kind: "query" | "mutation" | "subscription";
    name: string;
    build: (child: string) => { doc: string; vars: Record<string, unknown> };
  }[] {
    const out: ReturnType<typeof childOperations> = [];
    const namesChild = (t: GraphQLInputType): boolean => {
      const base = t instanceof GraphQLNonNull || t instanceof GraphQLList ? (t.ofType as GraphQLInputType) : t;
      return base instanceof GraphQLInputObjectType && "childId" in base.getFields();
    };
    for (const [kind, root] of [
      ["query", schema.getQueryType()],
      ["mutation", schema.getMutationType()],
      ["subscription", schema.getSubscriptionType()],
    ] as const) {
      for (const field of Object.values(root!.getFields())) {
        if (!field.args.some((a) => a.name === "childId" || namesChild(a.type))) continue;
        // Appointing and the child itself are case-level: the name and role holders of a sibling are shown.
        if (["child", "appointIro", "allocateGuardian", "allocateSocialWorker", "recordFinalOutcome"].includes(field.name)) continue;
        // The records manager's: their local authority's children, never by appointment (records.api.test).
        if (["childRetention", "placeLegalHold", "liftLegalHold", "accessReport", "accessReportCsv", "recordSubjectAccessRequest"].includes(field.name))
          continue;
        const args = field.args.filter((a) => a.type instanceof GraphQLNonNull || a.name === "childId");
        out.push({
          kind,
          name: field.name,
          build: (child) => ({
            doc: `${kind}(${args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ")}) { ${field.name}(${args.map((a) => `${a.name}: $${a.name}`).join(", ")}) { __typename } }`,
            vars: Object.fromEntries(args.map((a) => [a.name, sample(a.type, a.name, child)])),
          }),
        });
      }
    }
    return out;
  }

  /** Mutations that name a child's record by its id, with the record kind they take. */
  const RECORD_MUTATIONS: [string, string, string][] = [
    ["confirmLiaison", "liaison", `mutation($id: ID!) { confirmLiaison(id: $id) { id } }`],
    [
      "updateLiaison",
      "liaison",
      `mutation($id: ID!) { updateLiaison(id: $id, input: { method: CALL, occurredOn: "2026-01-01", participants: ["x"], topics: [CARE_PLAN] }) { id } }`,
    ],
    ["completeLiaisonAction", "action", `mutation($id: ID!) { completeLiaisonAction(id: $id) { id } }`],
    ["completeReviewDecision", "decision", `mutation($id: ID!) { completeReviewDecision(id: $id) { id } }`],
    ["escalateDispute", "dispute", `mutation($id: ID!) { escalateDispute(disputeId: $id, stage: "DIRECTOR", responderId: "${randomUUID()}") { id } }`],
    ["resolveDispute", "dispute", `mutation($id: ID!) { resolveDispute(disputeId: $id, resolution: "done") { id } }`],
    ["respondToDispute", "stage", `mutation($id: ID!) { respondToDispute(stageId: $id, response: "ok", resolved: true) { id } }`],
    ["handleReferral", "referral", `mutation($id: ID!) { handleReferral(referralId: $id, accept: false, declineReason: "no") { id } }`],
    ["recordReferralDecision", "referral", `mutation($id: ID!) { recordReferralDecision(referralId: $id, decision: "x") { id } }`],
    ["acknowledgePostOrderChange", "change", `mutation($id: ID!) { acknowledgePostOrderChange(changeId: $id) { id } }`],
    ["updateAssuranceStatement", "statement", `mutation($id: ID!) { updateAssuranceStatement(id: $id, summaryForCourt: "x") { id } }`],
    ["releaseAssuranceStatement", "statement", `mutation($id: ID!) { releaseAssuranceStatement(id: $id) { id } }`],
    ["acknowledgePaper", "paper", `mutation($id: ID!) { acknowledgePaper(documentId: $id) { id } }`],
    ["courtDocument", "paper", `query($id: ID!) { courtDocument(id: $id) { id } }`],
  ];

  /** Jay's own identifiers beyond his name: nothing Amber's people are shown may hold them. */
  let jaySecrets: string[];

  /**
   * The fields of a Child a sibling's appointee may see: the child is on the case, its name, who
   * holds which role. Every other field of Child (today's and any added later) is the child's own
   * record and must come back null or empty to them.
   */
  const NAME_AND_ROLES = ["__typename", "id", "givenName", "familyName", "parties", "proceedings", "recordsVisible"];

  /**
   * A selection reaching every Child below `type` within `depth` levels (through fields with no
   * required arguments), selecting every field of each Child, or null when none is reached.
   */
  function selectChildren(type: GraphQLObjectType, depth: number, path: string[] = []): string | null {
    if (type.name === "Child") {
      const fields = Object.values(type.getFields())
        .filter((f) => !f.args.some((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined))
        .map((f) => {
          const named = getNamedType(f.type);
          if (isLeafType(named) || !(named instanceof GraphQLObjectType)) return f.name;
          const leaves = Object.values(named.getFields()).filter(
            (g) => isLeafType(getNamedType(g.type)) && !g.args.some((a) => a.type instanceof GraphQLNonNull),
          );
          return `${f.name} { __typename ${leaves.map((g) => g.name).join(" ")} }`;
        });
      return `__typename ${fields.join(" ")}`;
    }
    if (depth === 0 || path.includes(type.name)) return null;
    const parts: string[] = [];
    for (const f of Object.values(type.getFields())) {
      const named = getNamedType(f.type);
      if (!(named instanceof GraphQLObjectType)) continue;
      if (f.args.some((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined)) continue;
      const inner = selectChildren(named, depth - 1, [...path, type.name]);
      if (inner) parts.push(`${f.name} { ${inner} }`);
    }
    return parts.length ? `__typename ${parts.join(" ")}` : null;
  }

  /** Every Query field that reaches a Child, with the ids to try for its required arguments. */
  function pathsToChildren(): { name: string; docs: { doc: string; vars: Record<string, unknown> }[] }[] {
    const out: ReturnType<typeof pathsToChildren> = [];
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      const named = getNamedType(field.type);
      if (!(named instanceof GraphQLObjectType)) continue;
      const selection = selectChildren(named, 5);
      if (!selection) continue;
      const required = field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
      if (required.some((a) => getNamedType(a.type).name !== "ID")) continue;
      // Each required id is tried with every id of the case's records the walk knows.
      const candidates = [caseId, amber, jay, ...Object.values(recordsOf.amber), ...Object.values(recordsOf.jay)];
      const tries = required.length ? candidates.map((id) => Object.fromEntries(required.map((a) => [a.name, id]))) : [{}];
      const signature = required.length ? `(${required.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ")})` : "";
      const args = required.length ? `(${required.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
      out.push({ name: field.name, docs: tries.map((vars) => ({ doc: `query${signature} { ${field.name}${args} { ${selection} } }`, vars })) });
    }
    return out;
  }

  /** The Child objects in a response, wherever they are nested. */
  function childrenIn(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
    if (Array.isArray(value)) value.forEach((v) => childrenIn(v, found));
    else if (value && typeof value === "object") {
      const o = value as Record<string, unknown>;
      if (o.__typename === "Child") found.push(o);
      Object.values(o).forEach((v) => childrenIn(v, found));
    }
    return found;
  }

  async function firstCode(who: string, doc: string, vars: Record<string, unknown>, kind: string): Promise<string | undefined> {
    if (kind === "subscription") {
      // A subscription that is allowed simply waits for events: no error within a moment means started.
      const sub = hub.subscribe(hub.ws(who), doc, vars);
      for (let i = 0; i < 20 && !sub.errors.length; i++) await new Promise((r) => setTimeout(r, 50));
      sub.stop();
      const first = sub.errors[0] as { extensions?: { code?: string } } | { message?: string }[] | undefined;
      return Array.isArray(first) ? (first[0] as { extensions?: { code?: string } })?.extensions?.code : first?.extensions?.code;
    }
    return codes(await hub.gql(who, doc, vars))[0];
  }

  it("covers every child-level operation of the schema", () => {
    const names = childOperations()
      .map((o) => o.name)
      .sort();
    expect(names).toEqual(
      [
        "assuranceStatements",
        "cafcassReferrals",
        "carePlanChanged",
        "carePlanDiff",
        "carePlanHistory",
        "caseEventFeed",
        "disputeEscalationOptions",
        "disputes",
        "liaison",
        "postOrderChanges",
        "protocolChecklist",
        "raiseConcern",
        "recordCarePlanVersion",
        "recordLiaison",
        "recordLookedAfterSince",
        "recordReview",
        "recordSignificantEvent",
        "referToCafcass",
        "requestExtraReview",
        "reviewSchedule",
        "reviews",
        "significantEvents",
        "statePostOrderReviewDate",
      ].sort(),
    );
  });

  const cases: [string, "amber" | "jay"][] = [
    [DEMO_USERS.iroAlex, "amber"],
    [DEMO_USERS.iroBea, "jay"],
    [DEMO_USERS.socialWorker, "amber"],
    ["sw.jo", "jay"],
    [DEMO_USERS.guardianGrace, "amber"],
    [DEMO_USERS.guardianGil, "jay"],
  ];

  it.each(cases)(
    "%s, appointed to %s only, gets NOT_FOUND for every operation on the sibling and never for their own child",
    async (who, own) => {
      const sibling = own === "amber" ? "jay" : "amber";
      const ids = { amber, jay };
      for (const op of childOperations()) {
        const mine = op.build(ids[own]);
        const theirs = op.build(ids[sibling]);
        const mineCode = await firstCode(who, mine.doc, mine.vars, op.kind);
        const theirCode = await firstCode(who, theirs.doc, theirs.vars, op.kind);
        // A role that may not call the operation at all is FORBIDDEN for both: that is not about the child.
        if (mineCode === "FORBIDDEN") {
          expect({ op: op.name, theirCode }).toEqual({ op: op.name, theirCode: "FORBIDDEN" });
          continue;
        }
        expect({ op: op.name, mineCode: mineCode === "NOT_FOUND" ? "NOT_FOUND" : "not NOT_FOUND" }).toEqual({ op: op.name, mineCode: "not NOT_FOUND" });
        expect({ op: op.name, theirCode }).toEqual({ op: op.name, theirCode: "NOT_FOUND" });
      }
      // A record of the sibling's answers exactly as an id that does not exist: no oracle.
      for (const [name, kind, doc] of RECORD_MUTATIONS) {
        const theirId = recordsOf[sibling][kind];
        if (!theirId) continue;
        const code = await firstCode(who, doc, { id: theirId }, "mutation");
        const random = await firstCode(who, doc, { id: randomUUID() }, "mutation");
        expect({ name, code }).toEqual({ name, code: random });
        expect({ name, code }).toEqual({ name, code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) });
      }
    },
    120_000,
  );

  it.each(cases)(
    "%s, appointed to %s only, sees of the sibling only the name and who holds which role, through every nested path of the schema",
    async (who, own) => {
      const sibling = own === "amber" ? jay : amber;
      const paths = pathsToChildren();
      // The walk must reach children from the places the issue names, or it checks nothing.
      expect(paths.map((p) => p.name)).toEqual(expect.arrayContaining(["child", "proceedings", "myCases", "caseDocuments", "myPapers", "courtDocument"]));
      let siblingsSeen = 0;
      let ownSeen = 0;
      for (const { name, docs } of paths) {
        for (const { doc, vars } of docs) {
          const res = await hub.gql(who, doc, vars);
          for (const e of res.errors ?? []) {
            // Refusals are fine (not found, not your role); a query the walk built wrongly is not.
            expect({ name, code: e.extensions?.code }).toEqual({ name, code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN|BAD_USER_INPUT)$/) });
          }
          if (own === "amber") {
            const text = JSON.stringify(res.data ?? null);
            for (const secret of jaySecrets) expect({ name, vars, leaked: text.includes(secret) ? secret : null }).toEqual({ name, vars, leaked: null });
          }
          for (const c of childrenIn(res.data)) {
            if (c.id !== sibling) {
              if (c.recordsVisible === true) ownSeen++;
              continue;
            }
            siblingsSeen++;
            for (const [field, value] of Object.entries(c)) {
              if (NAME_AND_ROLES.includes(field)) continue;
              const empty = value === null || (Array.isArray(value) && value.length === 0) || (field === "recordsVisible" && value === false);
              expect({ name, field, value: empty ? "empty" : value }).toEqual({ name, field, value: "empty" });
            }
            expect({ name, recordsVisible: c.recordsVisible }).toEqual({ name, recordsVisible: false });
          }
        }
      }
      // The walk did meet the sibling (on the case's pages) and the person's own child.
      expect(siblingsSeen).toBeGreaterThan(0);
      expect(ownSeen).toBeGreaterThan(0);
    },
    120_000,
  );

  it("a guardian of one sibling files papers about that child only", async () => {
    const slot = (childIds: string[] | undefined, key = randomUUID()) =>
      hub.gql(DEMO_USERS.guardianGrace, `mutation($i: CreateUploadSlotInput!) { createUploadSlot(input: $i) { uploadUrl documentId } }`, {
        i: {
          proceedingsId: caseId,
          type: "GUARDIAN_INITIAL_ANALYSIS",
          title: "Initial analysis",
          documentDate: today(),
          childIds,
          confidentiality: "OPEN",
          fileName: "a.pdf",
          contentType: "application/pdf",
          idempotencyKey: key,
        },
      });
    expect(codes(await slot([jay]))).toEqual(["NOT_FOUND"]);
    expect(codes(await slot([amber, jay]))).toEqual(["NOT_FOUND"]);
    // Naming no child files about the children the guardian is appointed to: Amber.
    const made = (await slot(undefined)).data.createUploadSlot;
    expect((await hub.upload(DEMO_USERS.guardianGrace, made.uploadUrl, PDF)).status).toBe(201);
    const [doc] = await hub.sql("SELECT child_ids FROM court_document WHERE id = $1", [made.documentId]);
    expect(doc.child_ids).toEqual([amber]);
    const delivered = await hub.sql("SELECT u.subject FROM paper_delivery d JOIN hub_user u ON u.id = d.user_id WHERE d.document_id = $1", [made.documentId]);
    expect(delivered.map((r: { subject: string }) => r.subject)).not.toContain(DEMO_USERS.iroBea);
    // And the filer can still reach their own paper.
    expect(codes(await hub.gql(DEMO_USERS.guardianGrace, `query($id: ID!) { courtDocument(id: $id) { id } }`, { id: made.documentId }))).toEqual([]);
  });

  it("the legal department and the managers reach both children's records", async () => {
    for (const who of [DEMO_USERS.legal, DEMO_USERS.iroManager]) {
      for (const child of [amber, jay]) {
        for (const op of childOperations().filter((o) => o.kind === "query")) {
          const { doc, vars } = op.build(child);
          expect({ who, op: op.name, code: await firstCode(who, doc, vars, op.kind) }).not.toEqual({ who, op: op.name, code: "NOT_FOUND" });
        }
      }
    }
  });

  it("a sibling's IRO sees that the child is on the case, and who holds which role, but none of the child's records through nested fields", async () => {
    const res = await ok(
      DEMO_USERS.iroAlex,
      `query($id: ID!) { proceedings(id: $id) { children { givenName parties { role current person { displayName } } finalOutcome { orderType approvedCarePlan { id } } } } }`,
      { id: caseId },
    );
    const jayView = res.proceedings.children.find((c: { givenName: string }) => c.givenName === "Jay");
    expect(
      jayView.parties
        .filter((p: { current: boolean }) => p.current)
        .map((p: { role: string; person: { displayName: string } | null }) => `${p.role}:${p.person?.displayName ?? ""}`),
    ).toEqual(expect.arrayContaining(["IRO:Bea IRO", "SOCIAL_WORKER:Jo Social Worker", "GUARDIAN:Gil Guardian"]));
    expect(jayView.finalOutcome).toBeNull();
    const asBea = await ok(DEMO_USERS.iroBea, `query($id: ID!) { child(id: $id) { finalOutcome { approvedCarePlan { id } } } }`, { id: jay });
    expect(asBea.child.finalOutcome.approvedCarePlan).not.toBeNull();
    expect((await ok(DEMO_USERS.iroAlex, `query($id: ID!) { child(id: $id) { givenName } }`, { id: jay })).child.givenName).toBe("Jay");
  });

  it("a paper about one child is not listed for, nor downloadable by, a sibling's IRO", async () => {
    const list = async (who: string) =>
      (await ok(who, `query($id: ID!) { caseDocuments(proceedingsId: $id) { title } }`, { id: caseId })).caseDocuments
        .map((d: { title: string }) => d.title)
        .filter((t: string) => ["Both children", "Jay's assessment"].includes(t))
        .sort();
    expect(await list(DEMO_USERS.iroAlex)).toEqual(["Both children"]);
    expect(await list(DEMO_USERS.iroBea)).toEqual(["Both children", "Jay's assessment"]);
    expect(await list(DEMO_USERS.guardianGrace)).toEqual(["Both children"]);
    expect(await list(DEMO_USERS.guardianGil)).toEqual(["Both children", "Jay's assessment"]);
    expect((await hub.download(DEMO_USERS.iroAlex, `/documents/${recordsOf.jay.paper}/content`)).status).toBe(404);
    expect((await hub.download(DEMO_USERS.iroBea, `/documents/${recordsOf.jay.paper}/content`)).status).toBe(200);
    const delivered = await hub.sql("SELECT u.subject FROM paper_delivery d JOIN hub_user u ON u.id = d.user_id WHERE d.document_id = $1 ORDER BY 1", [
      recordsOf.jay.paper,
    ]);
    expect(delivered.map((r: { subject: string }) => r.subject)).toEqual([DEMO_USERS.guardianGil, DEMO_USERS.iroBea].sort());
    const alexPapers = await ok(DEMO_USERS.iroAlex, `{ myPapers(first: 100) { document { title } } }`);
    expect(alexPapers.myPapers.map((p: { document: { title: string } }) => p.document.title)).not.toContain("Jay's assessment");
  });

  it("events about one child reach the sibling's IRO neither live nor on resume", async () => {
    const from = await hub.feedEnd(DEMO_USERS.iroAlex);
    const alex = hub.subscribe(hub.ws(DEMO_USERS.iroAlex), `subscription($a: String) { caseEvents(after: $a) { kind childId subjectId } }`, { a: from });
    const bea = hub.subscribe(hub.ws(DEMO_USERS.iroBea), `subscription($a: String) { caseEvents(after: $a) { kind childId subjectId } }`, { a: from });
    const record = async (who: string, childId: string, summary: string) =>
      (
        await ok(who, `mutation($i: RecordSignificantEventInput!) { recordSignificantEvent(input: $i) { id } }`, {
          i: { childId, kind: "HEALTH_EVENT", occurredOn: today(), summary, changesPlan: false },
        })
      ).recordSignificantEvent.id;
    await record("sw.jo", jay, "hospital");
    const dentist = await record(DEMO_USERS.socialWorker, amber, "dentist");
    const followUp = await record("sw.jo", jay, "follow-up");
    // Events arrive in the order they were written, so once each IRO has the last event about
    // their own child, anything about the other child would already have arrived.
    const alexEvents = await alex.waitUntil((e) => e.subjectId === dentist);
    const beaEvents = await bea.waitUntil((e) => e.subjectId === followUp);
    expect(alexEvents.every((e) => e.childId !== jay)).toBe(true);
    expect(beaEvents.every((e) => e.childId !== amber)).toBe(true);
    // And on resume, through the feed that polling clients and reconnecting subscribers read.
    const feed = await ok(DEMO_USERS.iroAlex, `query($a: String) { caseEventFeed(first: 100, after: $a) { edges { node { childId } } } }`, { a: null });
    expect(feed.caseEventFeed.edges.some((e: { node: { childId: string } }) => e.node.childId === jay)).toBe(
      // Events about Jay from before today, when Alex was still his IRO, are not his to see now either.
      false,
    );
    alex.stop();
    bea.stop();
  });
});
