import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A mail server as far as a sender can tell (RFC 5321: greeting, EHLO, MAIL, RCPT, DATA,
 * QUIT), over plain TCP on 127.0.0.1. It answers each recipient with `answer` (250 to take
 * the mail, 451 for "try again later", 550 for "no such mailbox") and keeps what it took.
 */
export class SmtpReceiver {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;
  answer = 250;
  /** Milliseconds to wait before confirming a message, so that concurrent senders overlap. */
  delayMs = 0;
  /** Every recipient the server was asked about, with the reply it gave. */
  attempts: { to: string; reply: number }[] = [];
  accepted: { to: string[]; data: string }[] = [];

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = createServer((socket) => this.converse(socket));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening and drops open connections: senders get "connection refused" until it starts again on the same port. */
  async stop() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** The messages taken for one address. */
  to(address: string) {
    return this.accepted.filter((m) => m.to.includes(address));
  }

  private converse(socket: Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    let recipients: string[] = [];
    let data: string[] | null = null;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 receiver.test ESMTP');
    socket.on('data', async (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (data) {
          if (line !== '.') {
            data.push(line.startsWith('..') ? line.slice(1) : line);
            continue;
          }
          const message = { to: recipients, data: data.join('\n') };
          data = null;
          recipients = [];
          if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
          this.accepted.push(message);
          reply('250 2.0.0 Queued');
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 receiver.test');
        else if (verb === 'MAIL') reply('250 2.1.0 OK');
        else if (verb === 'RCPT') {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          this.attempts.push({ to, reply: this.answer });
          if (this.answer === 250) recipients.push(to);
          reply(this.answer === 250 ? '250 2.1.5 OK' : this.answer === 451 ? '451 4.3.0 Try again later' : `${this.answer} 5.1.1 No such mailbox`);
        } else if (verb === 'DATA') {
          if (recipients.length === 0) reply('554 5.5.1 No valid recipients');
          else {
            data = [];
            reply('354 End data with <CR><LF>.<CR><LF>');
          }
        } else if (verb === 'RSET') {
          recipients = [];
          reply('250 2.0.0 OK');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye');
          socket.end();
        } else reply('250 OK');
      }
    });
  }
}
