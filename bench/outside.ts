import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

/** The world outside the service, on loopback: JOMOsoft (the sandbox) and a mail server. */
export interface Outside {
  sandbox: Sandbox;
  smtp: SmtpSink;
  close(): Promise<void>;
}

export async function startOutside(): Promise<Outside> {
  const sandbox = await startSandbox();
  const smtp = await startSmtpSink().catch(async (error: unknown) => {
    await sandbox.close();
    throw error;
  });

  return {
    sandbox,
    smtp,
    async close() {
      await Promise.all([sandbox.close(), smtp.close()]);
    },
  };
}
