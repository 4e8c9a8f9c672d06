// What the identity use cases need from outside the module.
import type { BackgroundTasks } from '../../platform/background.js';
import type { Database } from '../../platform/db/database.js';
import type { Mailer } from '../../platform/mail/mailer.js';

export interface IdentityDeps {
  database: Database;
  mailer: Mailer;
  /** Base URL for links in mails. */
  publicUrl: string;
  sessionTtlHours: number;
  /** Work answered before it is done (the reset mail). */
  background: BackgroundTasks;
  /** Reports a mail that could not be sent (logged by the app; the use case carries on or answers 503). */
  onMailError?: (error: unknown) => void;
}
