import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from "typeorm";
import { LocalDate } from "../../core/calendar/calendar";
import { Organisation, HubUser } from "../directory/directory.module";
import { ApplicationType, ProceedingsStatus } from "./proceedings.enums";

/** Care proceedings: one application by a local authority to a family court. */
@Entity()
@Index(["courtId", "courtCaseNumber"], { unique: true })
@Index(["localAuthorityId", "issueDate"])
@Index(["issueDate"])
export class Proceedings {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid" })
  courtId: string;

  @ManyToOne(() => Organisation, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "court_id" })
  court?: Relation<Organisation>;

  @Column({ type: "text" })
  courtCaseNumber: string;

  @Column({ type: "uuid" })
  localAuthorityId: string;

  @ManyToOne(() => Organisation, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "local_authority_id" })
  localAuthority?: Relation<Organisation>;

  @Column({ type: "date" })
  issueDate: LocalDate;

  @Column({ type: "enum", enum: ApplicationType, enumName: "application_type" })
  applicationType: ApplicationType;

  @Column({ type: "enum", enum: ProceedingsStatus, enumName: "proceedings_status", default: ProceedingsStatus.OPEN })
  status: ProceedingsStatus;

  @Column({ type: "uuid" })
  registeredById: string;

  @ManyToOne(() => HubUser, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "registered_by_id" })
  registeredBy?: Relation<HubUser>;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
