/**
 * Reads what a server wrote on an upgraded socket: the handshake answer, then WebSocket frames
 * (RFC 6455, server frames are unmasked). Each text message, close frame and the handshake's
 * answer comes out as text, so a capture can keep what the server said over graphql-ws.
 */
export class WsFrameReader {
  private buffer = Buffer.alloc(0);
  private handshakeDone = false;
  private fragments: Buffer[] = [];

  constructor(private readonly emit: (text: string) => void) {}

  push(chunk: unknown, encoding: unknown): void {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    this.buffer = Buffer.concat([this.buffer, bytes]);
    if (!this.handshakeDone) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.emit(this.buffer.subarray(0, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4);
      this.handshakeDone = true;
    }
    this.readFrames();
  }

  private readFrames(): void {
    while (this.buffer.length >= 2) {
      const fin = (this.buffer[0]! & 0x80) !== 0;
      const opcode = this.buffer[0]! & 0x0f;
      let length = this.buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if ((this.buffer[1]! & 0x80) !== 0) offset += 4; // a mask (servers do not mask, but be safe)
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 0x8) this.emit(`close ${payload.length >= 2 ? payload.readUInt16BE(0) : ''} ${payload.subarray(2).toString('utf8')}`);
      else if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        this.fragments.push(Buffer.from(payload));
        if (fin) {
          this.emit(Buffer.concat(this.fragments).toString('utf8'));
          this.fragments = [];
        }
      }
    }
  }
}
