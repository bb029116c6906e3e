import { AuthorisedContext, HubRuntime, inTransaction, systemContext } from "../core/context";
import { OrganisationKind, Role } from "../core/access/roles";
import { principalOf } from "../modules/directory/directory.module";
import { addDays, addWeeks } from "../core/calendar/calendar";
import { TrustedIssuer, Organisation, HubUser } from "../modules/directory/directory.module";
import { Child, ApplicationType, HearingType } from "../modules/proceedings/proceedings.module";
import * as directory from "../modules/directory/directory.module";
import * as proceedings from "../modules/proceedings/proceedings.module";
import * as appointments from "../modules/appointments/appointments.module";
import * as reviews from "../modules/reviews/reviews.module";

export interface DevIssuer {
  issuer: string;
  audience: string;
  publicKeyPem: string;
}

/** Trusts the development issuer, with its current public key (it is regenerated with .data/). */
export async function ensureDevIssuer(runtime: HubRuntime, dev: DevIssuer): Promise<TrustedIssuer> {
  const repo = runtime.dataSource.getRepository(TrustedIssuer);
  const existing = await repo.findOneBy({ issuer: dev.issuer });
  if (existing) {
    existing.publicKeys = [dev.publicKeyPem];
    existing.audience = dev.audience;
    existing.development = true;
    return repo.save(existing);
  }
  return repo.save(
    repo.create({
      issuer: dev.issuer,
      audience: dev.audience,
      algorithms: ["ES256"],
      publicKeys: [dev.publicKeyPem],
      development: true,
      displayName: "Demo users (development)",
    }),
  );
}

/** Flags as development every registration holding the development public key; returns how many changed. */
export async function markDevelopmentIssuers(runtime: HubRuntime, publicKeyPem: string | null): Promise<number> {
  if (!publicKeyPem) return 0;
  const [{ n }] = await runtime.dataSource.query(
    `WITH marked AS (
       UPDATE trusted_issuer SET development = true
        WHERE NOT development AND $1 = ANY (SELECT btrim(k) FROM unnest(public_keys) k) RETURNING id)
     SELECT count(*)::int AS n FROM marked`,
    [publicKeyPem.trim()],
  );
  return n;
}

export const DEMO_USERS = {
  admin: "admin",
  legal: "legal.lee",
  socialWorker: "sw.sam",
  iroAlex: "iro.alex",
  iroBea: "iro.bea",
  iroManager: "iromgr.morgan",
  guardianGrace: "guardian.grace",
  guardianGil: "guardian.gil",
  cafcassManager: "cafcass.casey",
  court: "court.clerk",
  orgAdmin: "admin.northshire",
} as const;

/**
 * Loads the demo on an empty database: an LA with its legal department and IRO service, a
 * Cafcass area, a family court, users in each role, and two proceedings with children. It goes
 * through the same services as the API, acting as the demo users, in one transaction.
 */
export async function seedDemo(runtime: HubRuntime, issuer: TrustedIssuer): Promise<boolean> {
  if ((await runtime.dataSource.getRepository(Organisation).count()) > 0) return false;
  const today = runtime.clock.today();
  const cal = runtime.calendar;

  await runtime.dataSource.transaction(async (em) => {
    // The directory is built before anyone exists to act: as the system, in this transaction.
    const admin = inTransaction(systemContext(runtime, null), em);
    const org = (name: string, kind: OrganisationKind, extra: Partial<Organisation> = {}) =>
      directory.registerOrganisation(admin, { name, kind, issuerId: issuer.id, ...extra });

    const hub = await org("Proceedings Hub", OrganisationKind.HUB);
    const la = await org("Northshire County Council", OrganisationKind.LOCAL_AUTHORITY);
    const iroService = await org("Northshire IRO Service", OrganisationKind.IRO_SERVICE, { localAuthorityId: la.id });
    const cafcass = await org("Cafcass North East", OrganisationKind.CAFCASS_AREA);
    const court = await org("Northshire Family Court", OrganisationKind.COURT, { cafcassAreaId: cafcass.id });

    const orgs = new Map([hub, la, iroService, cafcass, court].map((o) => [o.id, o]));
    const users = new Map<string, HubUser>();
    const user = async (o: Organisation, subject: string, displayName: string, roles: Role[]) => {
      const u = await directory.registerUser(admin, {
        organisationId: o.id,
        subject,
        displayName,
        email: `${subject}@example.org.uk`,
        phone: "01632 960" + String(100 + users.size).padStart(3, "0"),
        roles,
      });
      users.set(subject, u);
      return u;
    };
    await user(hub, DEMO_USERS.admin, "Hub Administrator", [Role.HUB_ADMIN]);
    await user(la, DEMO_USERS.legal, "Lee Legal (LA solicitor)", [Role.LA_LEGAL]);
    await user(la, DEMO_USERS.socialWorker, "Sam Social Worker", [Role.SOCIAL_WORKER]);
    await user(iroService, DEMO_USERS.iroAlex, "Alex IRO", [Role.IRO]);
    await user(iroService, DEMO_USERS.iroBea, "Bea IRO", [Role.IRO]);
    await user(iroService, DEMO_USERS.iroManager, "Morgan IRO Manager", [Role.IRO_MANAGER]);
    await user(cafcass, DEMO_USERS.guardianGrace, "Grace Guardian", [Role.GUARDIAN]);
    await user(cafcass, DEMO_USERS.guardianGil, "Gil Guardian", [Role.GUARDIAN]);
    await user(cafcass, DEMO_USERS.cafcassManager, "Casey Cafcass Manager", [Role.CAFCASS_MANAGER]);
    await user(court, DEMO_USERS.court, "Court Clerk", [Role.COURT]);
    await user(la, DEMO_USERS.orgAdmin, "Nia Northshire Systems Administrator", [Role.ORGANISATION_ADMIN]);

    const as = (subject: string): AuthorisedContext => {
      const u = users.get(subject)!;
      return inTransaction(systemContext(runtime, principalOf(u, orgs.get(u.organisationId)!, issuer)), em);
    };

    // Case 1: two siblings, issued about ten weeks ago, CMH held, IRH listed.
    const issued1 = cal.workingDayOnOrBefore(addWeeks(today, -10));
    const case1 = await proceedings.registerProceedings(as(DEMO_USERS.legal), {
      courtId: court.id,
      courtCaseNumber: "NS26C00041",
      issueDate: issued1,
      applicationType: ApplicationType.CARE_ORDER,
      children: [
        { givenName: "Amber", familyName: "Example", dateOfBirth: "2017-03-14", laReference: "NS-CH-10231" },
        { givenName: "Jay", familyName: "Example", dateOfBirth: "2020-09-02", laReference: "NS-CH-10232" },
      ],
    });
    await proceedings.recordHearing(as(DEMO_USERS.court), {
      proceedingsId: case1.id,
      type: HearingType.CMH,
      date: cal.timetableDay(issued1, 12),
    });
    await proceedings.recordHearing(as(DEMO_USERS.court), {
      proceedingsId: case1.id,
      type: HearingType.IRH,
      date: cal.nextWorkingDayOnOrAfter(addWeeks(issued1, 18)),
    });
    const kids1 = await em.findBy(Child, { proceedingsId: case1.id });
    for (const child of kids1) {
      await appointments.appointIro(as(DEMO_USERS.iroManager), {
        childId: child.id,
        userId: users.get(DEMO_USERS.iroAlex)!.id,
        startsOn: addDays(issued1, -30),
      });
      await appointments.allocateGuardian(as(DEMO_USERS.cafcassManager), {
        childId: child.id,
        userId: users.get(DEMO_USERS.guardianGrace)!.id,
        startsOn: cal.addWorkingDays(issued1, 2),
      });
      await appointments.allocateSocialWorker(as(DEMO_USERS.legal), {
        childId: child.id,
        userId: users.get(DEMO_USERS.socialWorker)!.id,
        startsOn: issued1,
      });
    }

    // Jay became looked after a week before issue (an interim care order at an earlier
    // hearing); his first review was held on time. (Amber's review history starts empty.)
    for (const child of kids1.filter((c) => c.givenName === "Jay")) {
      await reviews.recordLookedAfterSince(as(DEMO_USERS.socialWorker), child.id, addDays(issued1, -7));
      await reviews.recordReview(as(DEMO_USERS.iroAlex), {
        childId: child.id,
        heldOn: cal.addWorkingDays(addDays(issued1, -7), 15),
        participants: ["Alex IRO", "Sam Social Worker", "Foster carer"],
        spokeToChild: true,
        childViews: "Wants to stay with their sibling",
        planOnTrack: true,
        decisions: [{ description: "Arrange sibling contact twice weekly", owner: "Social worker", dueOn: cal.addWorkingDays(issued1, 20) }],
      });
    }

    // Case 2: one child, issued two weeks ago; guardian allocated, IRO appointed afterwards.
    const issued2 = cal.workingDayOnOrBefore(addWeeks(today, -2));
    const case2 = await proceedings.registerProceedings(as(DEMO_USERS.legal), {
      courtId: court.id,
      courtCaseNumber: "NS26C00057",
      issueDate: issued2,
      applicationType: ApplicationType.CARE_OR_SUPERVISION_ORDER,
      children: [{ givenName: "Riley", familyName: "Sample", dateOfBirth: "2012-11-30", laReference: "NS-CH-20877" }],
    });
    const [riley] = await em.findBy(Child, { proceedingsId: case2.id });
    await appointments.allocateGuardian(as(DEMO_USERS.cafcassManager), {
      childId: riley.id,
      userId: users.get(DEMO_USERS.guardianGil)!.id,
      startsOn: cal.addWorkingDays(issued2, 1),
    });
    await appointments.appointIro(as(DEMO_USERS.iroManager), {
      childId: riley.id,
      userId: users.get(DEMO_USERS.iroBea)!.id,
      startsOn: cal.addWorkingDays(issued2, 3),
    });
  });
  return true;
}
