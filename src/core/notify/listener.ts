import { Client } from "pg";
import { Logger } from "../logger";
import { ChannelName } from "./channels";

type Handler = (payload: string) => void;

// One dedicated connection per process that LISTENs for the hub's channels and reconnects if
// the database drops it. Handlers run in this process; the notification only says "look".
export class NotificationListener {
  private client: Client | null = null;
  private readonly handlers = new Map<ChannelName, Set<Handler>>();
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly gapHandlers = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  on(channel: ChannelName, handler: Handler): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.client) this.listen(this.client, channel);
    }
    set.add(handler);
    return () => set!.delete(handler);
  }

  // A pg client runs one query at a time; several channels subscribed in one turn queue their
  // LISTENs here rather than on the client (which pg deprecates and will refuse).
  private listening: Promise<unknown> = Promise.resolve();

  private listen(client: Client, channel: ChannelName): void {
    this.listening = this.listening
      .then(() => client.query(`LISTEN ${channel}`))
      .catch((err) => {
        // A connection lost meanwhile is no failure: start() listens again on the next one.
        if (client === this.client) this.logger.error("LISTEN failed", { channel, error: String(err) });
      });
  }

  /**
   * Called when notifications may have been missed: the connection was lost, and again once it
   * is back. What relies on hearing every notification (remembered tokens) starts afresh.
   */
  onGap(handler: () => void): void {
    this.gapHandlers.add(handler);
  }

  private gap(): void {
    for (const h of this.gapHandlers) h();
  }

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: "proceedings-hub-listener" });
    client.on("notification", (msg) => {
      for (const h of this.handlers.get(msg.channel as ChannelName) ?? []) {
        try {
          h(msg.payload ?? "");
        } catch (err) {
          this.logger.error("notification handler failed", { channel: msg.channel, error: String(err) });
        }
      }
    });
    client.on("error", (err) => {
      this.logger.warn("notification listener lost its connection", { error: String(err) });
      this.scheduleReconnect();
    });
    client.on("end", () => this.scheduleReconnect());
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.gap();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.client = null;
    this.gap();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((err) => {
        this.logger.warn("notification listener could not reconnect", { error: String(err) });
        this.scheduleReconnect();
      });
    }, 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
