/**
 * What follows the TCP line for a payload (runtime/format/tcp-apps.ts, txtproto.ts) against
 * tcpdump 4.99 (default, -q, -e, -v, -vv), on frames built here: HTTP requests and responses
 * (methods in any case, WebDAV's, bodies, binary data, bare CR, tabs, lines with no end, long
 * words), RTSP, FTP, SMTP, whois, SSH identification lines, DNS over TCP (right and wrong length
 * prefixes), telnet commands and sub-negotiations, RESP items of every type (pipelined, null,
 * empty, invalid and too large lengths), BGP, OpenFlow 1.0 and 1.3 message headers (several a
 * segment, bad lengths, unknown versions and types), PPTP control messages of every type, BEEP,
 * MSDP, RPKI-RTR, LDP, a reset's data (-v), ports of two printers (tcpdump's order decides),
 * over IPv4 and IPv6, whole and cut inside the payload. tcpdump missing is a failure.
 *
 * Not compared: BGP with -v (tcpdump decodes its messages; tcp-apps.ts prints what it prints
 * without -v), and OpenFlow messages whose bodies tcpdump decodes with -v (openflow.ts prints
 * their headers).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dns, eth, ipv4, ipv6, tcp, tcpOpt, truncate, udp } from './lib/packets.js';
import { assertSameAsTcpdump, compareWithTcpdump, MODE, requireTcpdump, type Mode } from './lib/tcpdump.js';

process.env.TZ = 'UTC';
const LINK = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' };

const text = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A data segment (PSH ACK) over IPv4 (or IPv6) carrying `payload`. */
function seg(sport: number, dport: number, payload: Buffer, o: { six?: boolean; flags?: string; seq?: number; ts?: boolean } = {}): Buffer {
  const t = tcp({
    sport,
    dport,
    flags: o.flags ?? 'P.',
    seq: o.seq ?? 1000,
    ack: 2000,
    payload,
    ...(o.ts ? { options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(1, 2)] } : {}),
  });
  return eth(LINK, o.six ? ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, t) : ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, t));
}

/** DNS over TCP: the two-byte length prefix (or `prefix`) and the message. */
function dnsTcp(msg: Buffer, prefix = msg.length): Buffer {
  return Buffer.concat([Buffer.from([prefix >> 8, prefix & 0xff]), msg]);
}

const IAC = 255;

interface Case {
  frame: Buffer;
  /** Compared with -v and -vv too (false: tcpdump's -v decode is not implemented). */
  verbose: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  /** The frame, and (with `cuts`) copies cut `cuts` bytes into the payload. */
  const add = (frame: Buffer, cuts: number[] = [], verbose = true): void => {
    out.push({ frame, verbose });
    // Ethernet, IPv4 and TCP headers without options: the payload starts at byte 54.
    for (const c of cuts) if (54 + c < frame.length) out.push({ frame: truncate(frame, 54 + c), verbose });
  };
  const cuts = [0, 1, 3, 4, 8, 17, 30, 40];

  // HTTP
  const get = 'GET /1M HTTP/1.1\r\nHost: example.test\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n';
  add(seg(40000, 80, text(get)), cuts);
  add(seg(40000, 80, text(get), { six: true }));
  add(seg(40000, 80, text(get), { ts: true }));
  add(seg(40000, 8080, text('get /lower HTTP/1.0\r\n\r\n')));
  add(seg(40000, 80, text('PROPFIND /dav/ HTTP/1.1\r\nDepth: 1\r\n\r\n')));
  add(seg(40000, 80, text('BASELINE-CONTROL /x HTTP/1.1\r\n\r\n')));
  add(seg(40000, 80, text('FETCH /x HTTP/1.1\r\n\r\n')));
  const resp = 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello';
  add(seg(80, 40000, text(resp)), cuts);
  add(seg(8080, 40000, text('HTTP/1.0 404 Not Found\nServer: x\n\n')));
  add(seg(80, 40000, Buffer.concat([text('HTTP/1.1 200 OK\r\nX: y\r\n\r\n'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x80, 0x41])])));
  add(seg(80, 40000, text('HTTP/1.1 2000 OK\r\n\r\n')));
  add(seg(80, 40000, text('HTTP/1.1 20 OK\r\n\r\n')));
  add(seg(80, 40000, text('HTTP/1.1  301 Moved\r\n\r\n')));
  add(seg(80, 40000, text('HTTP/1.1\t301 Moved\r\n\r\n')));
  add(seg(80, 40000, text('HTTP/1.1 301\r\n\r\n')));
  add(seg(80, 40000, text('<html><body>more of the body</body></html>\r\n')));
  add(seg(40000, 80, text('GET / HTTP/1.1\r\nX-Tab:\tvalue\r\nBad: \x01\r\n\r\n')));
  add(seg(40000, 80, text('GET / HTTP/1.1\rX\r\n')));
  add(seg(40000, 80, text('GET / HTTP/1.1\r\nHost: a\r')));
  add(seg(40000, 80, text('GET / HTTP/1.1')));
  add(seg(40000, 80, text('GET / HTTP/1.1\r\nHost: caf\xe9\r\n\r\n')));
  add(seg(40000, 80, text('GET')));
  add(seg(40000, 80, text(' GET / HTTP/1.1\r\n')));
  add(seg(40000, 80, text(`${'A'.repeat(128)} 200 x\r\n`)));
  add(seg(40000, 80, text(`${'A'.repeat(129)} 200 x\r\n`)));
  add(seg(40000, 80, text(`GET ${'/'.repeat(200)} HTTP/1.1\r\n\r\n`)));
  add(seg(40000, 80, text('G')));
  add(seg(40000, 80, text('\r\n\r\n')));
  // RTSP
  add(seg(40000, 554, text('OPTIONS rtsp://example.test/s RTSP/1.0\r\nCSeq: 1\r\n\r\n')), cuts);
  add(seg(8554, 40000, text('RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: DESCRIBE, SETUP\r\n\r\n')));
  add(seg(40000, 554, text('GET / HTTP/1.1\r\n\r\n')));
  add(seg(40000, 554, Buffer.from([0x24, 0x00, 0x00, 0x10, 1, 2, 3, 4])));
  // FTP, SMTP, whois: every payload's first line
  add(seg(21, 40000, text('220 (vsFTPd 3.0.5)\r\n')), cuts);
  add(seg(40000, 21, text('USER anonymous\r\n')));
  add(seg(21, 40000, text('230-Welcome\r\n230-More\r\n230 Login successful.\r\n')));
  add(seg(21, 40000, Buffer.from([0x80, 0x81, 0x0d, 0x0a])));
  add(seg(25, 40000, text('220 mail.example.test ESMTP\r\n')), cuts);
  add(seg(40000, 25, text('EHLO client.example.test\r\n')));
  add(seg(25, 40000, text('250-mail.example.test\r\n250-SIZE 1000\r\n250 HELP\r\n')));
  add(seg(40000, 25, text('Subject: hi\r\n\r\nbody text without end')));
  add(seg(40000, 43, text('example.test\r\n')), cuts);
  add(seg(43, 40000, text('% whois\n\nDomain: example.test\n')));
  // SSH
  add(seg(22, 40000, text('SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n')), cuts);
  add(seg(40000, 22, text('SSH-2.0-Go\n')));
  add(seg(40000, 22, text('SSH-2.0-x\r\n\x00\x00\x05\xdc\x04\x14')));
  add(seg(40000, 22, text('SSH-2.0-nolineend')));
  add(seg(40000, 22, text('SSH-2.0-a\rb\r\n')));
  add(seg(40000, 22, text('SSH-2.0-a\r')));
  add(seg(40000, 22, text('SSH-2.0-\x7fdel\r\n')));
  add(seg(40000, 22, Buffer.from([0, 0, 0, 0x2c, 6, 0x14, 1, 2, 3, 4])));
  add(seg(40000, 22, text('SS')));
  add(seg(40000, 22, text('SSH')));
  add(seg(40000, 22, text('ssh-2.0-lower\r\n')));
  // DNS over TCP
  const query = dns({ id: 0x1234, rd: true, questions: [{ name: 'www.example.test', type: 'A' }] });
  const answer = dns({
    id: 0x1234,
    response: true,
    rd: true,
    ra: true,
    questions: [{ name: 'www.example.test', type: 'A' }],
    answers: [{ name: 'www.example.test', type: 'A', data: '192.0.2.7' }, { name: 'www.example.test', type: 'AAAA', data: '2001:db8::7' }],
  });
  add(seg(40000, 53, dnsTcp(query)), [0, 1, 2, 5, 13, 20]);
  add(seg(53, 40000, dnsTcp(answer)), [2, 14, 40]);
  add(seg(53, 40000, dnsTcp(answer), { six: true }));
  add(seg(40000, 53, dnsTcp(query, 999)));
  add(seg(40000, 53, dnsTcp(query).subarray(0, 1)));
  add(seg(40000, 53, dnsTcp(Buffer.alloc(0))));
  add(seg(40000, 53, dnsTcp(Buffer.alloc(5, 0x41))));
  add(seg(40000, 53, Buffer.concat([dnsTcp(query), dnsTcp(query)])));
  // telnet
  add(seg(23, 40000, Buffer.from([IAC, 251, 1, IAC, 253, 31, IAC, 251, 3])), [0, 1, 2, 4]);
  add(seg(40000, 23, Buffer.from([IAC, 250, 24, 1, IAC, 240])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 31, 0, 80, 0, 24, IAC, 240, IAC, 241])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 37, 0, 2, 9, 9, IAC, 240])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 37, 1, 8, IAC, 240])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 38, 1, 3, 0, IAC, 240])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 38, 7, IAC, 240])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 24, IAC, 240])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 24, 0, 0x41, 0x42])));
  add(seg(40000, 23, Buffer.from([IAC, 250, 24, 0, 0x41, IAC])));
  add(seg(40000, 23, Buffer.from([IAC, IAC, IAC, 241, IAC, 236, IAC, 249, IAC, 244])));
  add(seg(40000, 23, Buffer.from([IAC, 251, 100, IAC, 252, 0, IAC, 254, 39, IAC, 253, 40])));
  add(seg(40000, 23, Buffer.from([IAC, 200, IAC, 251, 1])));
  add(seg(40000, 23, Buffer.from([IAC, 251])));
  add(seg(40000, 23, Buffer.from([IAC])));
  add(seg(23, 40000, Buffer.concat([Buffer.from([IAC, 251, 1]), text('login: ')])));
  add(seg(23, 40000, text('Ubuntu 24.04\r\nlogin: ')));
  // RESP
  add(seg(40000, 6379, text('*2\r\n$4\r\nINCR\r\n$1\r\nz\r\n*2\r\n$4\r\nINCR\r\n$1\r\nz\r\n')), [0, 1, 2, 5, 9, 12, 20]);
  add(seg(6379, 40000, text('+OK\r\n-ERR unknown command\r\n:1000\r\n')));
  add(seg(6379, 40000, text('$-1\r\n*0\r\n*-1\r\n$0\r\n\r\n')));
  add(seg(40000, 6379, text('PING\r\nPING\nPING\r\n\r\nECHO x\r\n')));
  add(seg(6379, 40000, text('$5\r\nhel')));
  add(seg(6379, 40000, text('$abc\r\n')));
  add(seg(6379, 40000, text('$-2\r\n')));
  add(seg(6379, 40000, text('*-7\r\n')));
  add(seg(6379, 40000, text('$99999999999\r\n')));
  add(seg(6379, 40000, text('$2147483647\r\n')));
  add(seg(6379, 40000, text('$2147483648\r\n')));
  add(seg(6379, 40000, text('$12x\r\n')));
  add(seg(6379, 40000, text('$3\rx')));
  add(seg(6379, 40000, text('$3\r\nabcdef\r\n')));
  add(seg(6379, 40000, text('*3\r\n:1\r\n')));
  add(seg(6379, 40000, text('+no end')));
  add(seg(6379, 40000, text('+caf\xe9 \x01\r\n')));
  add(seg(6379, 40000, text('\r\n\r\n')));
  add(seg(6379, 40000, text('-')));
  // BGP: a KEEPALIVE and an OPEN (tcpdump decodes them with -v; not compared there)
  const keepalive = Buffer.concat([Buffer.alloc(16, 0xff), Buffer.from([0, 19, 4])]);
  add(seg(179, 40000, keepalive), [0, 5], false);
  add(seg(40000, 179, Buffer.concat([Buffer.alloc(16, 0xff), Buffer.from([0, 29, 1, 4, 0xfd, 0xe8, 0, 180, 198, 18, 0, 1, 0])])), [], false);
  // OpenFlow: message headers (1.0 and 1.3 types named), several a segment, bad lengths, cuts
  const of = (version: number, type: number, body: Buffer, length = 8 + body.length, xid = 0x1234): Buffer =>
    Buffer.concat([Buffer.from([version, type, length >> 8, length & 0xff, xid >>> 24, (xid >> 16) & 0xff, (xid >> 8) & 0xff, xid & 0xff]), body]);
  add(seg(40000, 6633, Buffer.concat([of(1, 0, Buffer.alloc(0)), of(1, 2, text('ping data')), of(1, 5, Buffer.alloc(0)), of(1, 18, Buffer.alloc(0), 8, 0xdeadbeef)])), [0, 1, 5, 8, 12, 20]);
  add(seg(6653, 40000, Buffer.concat([of(4, 0, Buffer.from([0, 1, 0, 8, 0, 0, 0, 0x10])), of(4, 3, Buffer.alloc(0)), of(4, 20, Buffer.alloc(0)), of(4, 29, Buffer.alloc(12))])), [2, 9, 17], false);
  add(seg(6633, 40000, Buffer.concat([of(1, 5, Buffer.alloc(4)), of(1, 9, Buffer.alloc(3)), of(1, 17, Buffer.alloc(2)), of(4, 6, Buffer.alloc(23))])));
  add(seg(6633, 40000, Buffer.concat([of(1, 22, Buffer.alloc(0)), of(4, 30, Buffer.alloc(0)), of(2, 0, Buffer.alloc(0)), of(6, 5, Buffer.alloc(0)), of(0x5c, 0x1e, Buffer.alloc(0))])));
  add(seg(6633, 40000, Buffer.concat([of(1, 0, Buffer.alloc(0)), of(1, 10, Buffer.alloc(0), 4), of(1, 0, Buffer.alloc(0))])));
  add(seg(6633, 40000, Buffer.concat([of(1, 17, Buffer.alloc(20), 200), of(1, 0, Buffer.alloc(0))])), [], false);
  add(seg(6633, 40000, Buffer.concat([of(1, 0, Buffer.alloc(0)), Buffer.from([1, 2, 0])])));
  add(seg(6633, 40000, Buffer.concat([of(1, 0, Buffer.alloc(0)), Buffer.from([1])])));
  add(seg(6633, 40000, Buffer.concat([of(4, 2, Buffer.alloc(40, 0x61)), of(4, 3, Buffer.alloc(5, 0x62))])), [30]);
  // BEEP, MSDP, RPKI-RTR, LDP (the last three's -v decodes are not compared)
  for (const w of ['MSG 1 2 . 0 10\r\n', 'MSG\0', 'RPY 0 1', 'ERR ', 'ANS 1', 'NUL ', 'SEQ 1 2', 'END\0', 'END\r\n', 'XYZ ', 'RP']) add(seg(40000, 10288, text(w)));
  add(seg(40000, 10288, text('RPY 1 2 . 0 5\r\n')), [2]);
  const sa = Buffer.concat([Buffer.from([1, 0, 20, 1, 198, 18, 0, 9]), Buffer.from([0, 0, 0, 32, 198, 18, 1, 1, 239, 1, 2, 3])]);
  add(seg(40000, 639, Buffer.concat([sa, Buffer.from([4, 0, 3]), Buffer.from([2, 0, 8, 0, 239, 1, 2, 3]), Buffer.from([5, 0, 4, 0]), Buffer.from([7, 0, 3])])), [1, 3, 10, 22]);
  add(seg(40000, 639, Buffer.concat([Buffer.from([3, 0, 30, 1, 198, 18, 0, 9]), Buffer.alloc(22)])));
  // A Source-Active message carrying a multicast packet (-vv prints it), then more messages
  const inner = ipv4({ src: '198.18.1.1', dst: '239.1.2.3', ttl: 9 }, udp({ sport: 5004, dport: 5004, payload: text('media') })).build();
  const saData = Buffer.concat([Buffer.from([1, 0, 20 + inner.length, 1, 198, 18, 0, 9, 0, 0, 0, 32, 198, 18, 1, 1, 239, 1, 2, 3]), inner]);
  add(seg(40000, 639, Buffer.concat([saData, Buffer.from([4, 0, 3])])), [24, 30, 50]);
  add(seg(40000, 639, Buffer.concat([saData, Buffer.from([4, 0, 2])])));
  add(seg(40000, 639, Buffer.concat([saData.subarray(0, 40), Buffer.from([4, 0, 3])])));
  add(seg(40000, 639, Buffer.from([4, 0, 5, 0, 0])));
  add(seg(40000, 639, Buffer.from([8, 0, 3])));
  add(seg(40000, 639, Buffer.from([4, 0, 3, 4, 0, 2])));
  add(seg(40000, 639, Buffer.from([4, 0, 3, 4, 0, 9])));
  // RPKI-RTR: every PDU type, error reports carrying a PDU and text, bad lengths, versions, cuts
  const rtr = (type: number, session: number, body: Buffer, length = 8 + body.length, version = 0): Buffer =>
    Buffer.concat([Buffer.from([version, type, session >> 8, session & 0xff, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]), body]);
  const be32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    return b;
  };
  const v4pfx = rtr(4, 0, Buffer.concat([Buffer.from([1, 24, 32, 0, 192, 0, 2, 0]), be32(64512)]));
  const v6pfx = rtr(6, 0, Buffer.concat([Buffer.from([0, 32, 48, 0]), Buffer.from('20010db8000000000000000000000000', 'hex'), be32(4200000000)]));
  add(seg(323, 40000, Buffer.concat([rtr(3, 0x1234, Buffer.alloc(0)), v4pfx, v6pfx, rtr(7, 0x1234, be32(99))])), [4, 8, 12, 20, 30, 50]);
  add(seg(323, 40000, Buffer.concat([rtr(0, 1, be32(5)), rtr(1, 2, be32(6)), rtr(2, 0, Buffer.alloc(0)), rtr(8, 0, Buffer.alloc(0))])));
  const errText = text('no such prefix');
  add(seg(323, 40000, rtr(10, 6, Buffer.concat([be32(v4pfx.length), v4pfx, be32(errText.length), errText]))), [10, 14, 30, 40, 45]);
  add(seg(323, 40000, rtr(10, 3, Buffer.concat([be32(0), be32(0)]))));
  add(seg(323, 40000, rtr(10, 99, Buffer.concat([be32(12), rtr(1, 2, be32(6)), be32(0)]))));
  add(seg(323, 40000, rtr(10, 0, Buffer.concat([be32(20), rtr(10, 0, Buffer.concat([be32(0), be32(4), text('abcd')])), be32(0)]))));
  add(seg(323, 40000, rtr(10, 0, Buffer.concat([be32(8), rtr(1, 2, be32(6), 12).subarray(0, 8), be32(0)]))));
  add(seg(323, 40000, rtr(10, 0, Buffer.concat([be32(100), Buffer.alloc(4)]))));
  add(seg(323, 40000, rtr(10, 0, Buffer.concat([be32(0), be32(50), text('short')]))));
  add(seg(323, 40000, rtr(10, 0, be32(0))));
  add(seg(323, 40000, rtr(10, 0, Buffer.alloc(0))));
  add(seg(323, 40000, Buffer.concat([rtr(9, 0, Buffer.alloc(20, 0x5a)), rtr(2, 0, Buffer.alloc(0))])));
  add(seg(323, 40000, Buffer.concat([rtr(3, 0, Buffer.alloc(4)), rtr(2, 0, Buffer.alloc(0))])));
  add(seg(323, 40000, rtr(0, 1, be32(5), 13)));
  add(seg(323, 40000, rtr(0, 1, be32(5), 4)));
  add(seg(323, 40000, rtr(4, 0, Buffer.alloc(8))));
  add(seg(323, 40000, Buffer.concat([rtr(2, 0, Buffer.alloc(0)), rtr(2, 0, Buffer.alloc(0), 8, 1)])));
  add(seg(323, 40000, Buffer.concat([rtr(2, 0, Buffer.alloc(0)), Buffer.from([0, 2, 0])])));
  const ldp = Buffer.from([0, 1, 0, 30, 198, 18, 0, 1, 0, 0, 0x01, 0x00, 0, 20, 0, 0, 0, 1, 0x04, 0x00, 0, 4, 0, 15, 0, 0, 0x04, 0x01, 0, 4, 198, 18, 0, 1]);
  add(seg(646, 40000, ldp), [4, 9, 12, 20, 24, 30]);
  add(seg(646, 40000, Buffer.concat([Buffer.from([0, 2]), ldp.subarray(2)])));
  add(seg(646, 40000, Buffer.concat([Buffer.from([0, 1, 0, 5]), ldp.subarray(4)])));
  add(seg(646, 40000, ldp.subarray(0, 18)));
  // LDP with -v: messages of every kind and their TLVs
  const w16 = (v: number): number[] => [v >> 8, v & 0xff];
  const w32 = (v: number): number[] => [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
  const tlv = (type: number, body: number[]): number[] => [...w16(type), ...w16(body.length), ...body];
  const msg = (type: number, id: number, tlvs: number[], length = 4 + tlvs.length): number[] => [...w16(type), ...w16(length), ...w32(id), ...tlvs];
  const pdu = (...msgs: number[][]): Buffer => {
    const body = msgs.flat();
    return Buffer.from([0, 1, ...w16(6 + body.length), 198, 18, 0, 1, 0, 0, ...body]);
  };
  const martini = (pw: number, infoLen: number, params: number[]): number[] => [0x80, ...w16(pw), infoLen, ...w32(7), ...w32(100), ...params];
  add(seg(646, 40000, pdu(
    msg(0x0200, 1, [...tlv(0x0500, [0, 1, 0, 180, 0, 0, 0xc0, 0, 198, 18, 0, 2, 0, 0]), ...tlv(0x0503, [0x80, 0x0f, 0, 0, ...w32(0), ...w32(120000)])]),
    msg(0x0201, 2, []),
    msg(0x0300, 3, tlv(0x0101, [0, 1, 198, 18, 0, 1, 10, 0, 0, 1])),
    msg(0x0300 | 0x8000, 4, tlv(0x0101, [0, 2, ...Buffer.from('20010db8000000000000000000000001', 'hex')])),
    msg(0x0301, 5, tlv(0x0101, [0, 9, 1, 2, 3, 4])),
  )), [16, 40, 60]);
  add(seg(646, 40000, pdu(
    msg(0x0400, 6, [...tlv(0x0100, [0x02, 0, 1, 24, 10, 1, 2]), ...tlv(0x0200, w32(0x100123))]),
    msg(0x0400, 7, [...tlv(0x0100, [0x02, 0, 2, 64, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 1]), ...tlv(0x0200 | 0x8000 | 0x4000, w32(3))]),
    msg(0x0402, 8, [...tlv(0x0100, [0x01]), ...tlv(0x0100, [0x03, 1, 2]), ...tlv(0x0100, [0x02, 0, 3, 8]), ...tlv(0x0100, [0x02, 0, 1, 33])]),
    msg(0x0001, 9, [...tlv(0x0300, [...w32(0x80000019), ...w32(6)]), ...tlv(0x0300, [...w32(0x4000000a), ...w32(0)]), ...tlv(0x0601, [5, 220])]),
  )), [30]);
  add(seg(646, 40000, pdu(
    msg(0x0400, 10, [...tlv(0x0100, martini(0x8005, 20, [0x01, 4, 5, 220, 0x03, 6, 0x65, 0x74, 0x68, 0x30, 0x0c, 4, 0x03, 0x06, 0x7f, 3, 0, 0]))]),
    msg(0x0400, 11, [...tlv(0x0100, martini(0x0004, 0, []).slice(0, 8))]),
    msg(0x0400, 12, [...tlv(0x0100, martini(0x0040, 3, []))]),
    msg(0x0400, 13, [...tlv(0x0100, martini(0x0099, 40, []))]),
  )), [40, 45]);
  add(seg(646, 40000, pdu(
    msg(0x0100, 14, [...tlv(0x0400, [0, 15, 0xc0, 0]), ...tlv(0x0401, [198, 18, 0, 1]), ...tlv(0x0403, [...Buffer.from('20010db8000000000000000000000002', 'hex')]), ...tlv(0x0402, w32(42))]),
    msg(0x0100, 15, [...tlv(0x0400, [0, 15]), ...tlv(0x0103, [1]), ...tlv(0x3e00, [1, 2, 3]), ...tlv(0x0200, [1])]),
    msg(0x0100, 16, [...tlv(0x0401, [1, 2, 3, 4, 5, 6, 7, 8, 9]), 0, 0]),
    msg(0x0401, 17, [...tlv(0x0100, [0x01])]),
    msg(0x3f00, 18, [1, 2, 3, 4, 5]),
    msg(0x0100, 19, [], 2),
  )));
  add(seg(646, 40000, pdu(msg(0x0100, 20, tlv(0x0400, [0, 15, 0, 0]), 40))));
  add(seg(646, 40000, Buffer.concat([pdu(msg(0x0201, 21, [])), pdu(msg(0x0201, 22, [])), Buffer.from([0, 1, 0, 40, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])])));
  add(seg(646, 40000, pdu(msg(0x0100, 23, [...tlv(0x0100, [0x02, 0, 1, 40, 1, 2, 3, 4, 5])]))));
  // PPTP: every control message type, text fields, reserved fields set, a wrong cookie, cuts
  const pptp = (type: number, body: Buffer, o: { cookie?: number; msgType?: number; reserved?: number } = {}): Buffer => {
    const h = Buffer.alloc(12);
    h.writeUInt16BE(12 + body.length, 0);
    h.writeUInt16BE(o.msgType ?? 1, 2);
    h.writeUInt32BE(o.cookie ?? 0x1a2b3c4d, 4);
    h.writeUInt16BE(type, 8);
    h.writeUInt16BE(o.reserved ?? 0, 10);
    return Buffer.concat([h, body]);
  };
  const padded = (s: string, n: number): Buffer => {
    const b = Buffer.alloc(n);
    b.write(s, 'latin1');
    return b;
  };
  const words = (...v: [number, number][]): Buffer => Buffer.concat(v.map(([size, x]) => {
    const b = Buffer.alloc(size);
    b.writeUIntBE(x, 0, size);
    return b;
  }));
  const sccrq = pptp(1, Buffer.concat([words([2, 0x0100], [2, 0], [4, 1], [4, 1], [2, 0], [2, 2160]), padded('', 64), padded('Microsoft Windows NT', 64)]));
  add(seg(3025, 1723, sccrq), [0, 6, 12, 13, 16, 20, 40, 100, 120]);
  const pptpBodies: [number, Buffer][] = [
    [2, Buffer.concat([words([2, 0x0100], [1, 1], [1, 0], [4, 3], [4, 2], [2, 1], [2, 1]), padded('local', 64), padded('Moreton\x01Bay\xe9', 64)])],
    [3, words([1, 2], [1, 0], [2, 0])],
    [3, words([1, 9], [1, 1], [2, 7])],
    [4, words([1, 1], [1, 2], [2, 0])],
    [5, words([4, 77])],
    [6, words([4, 77], [1, 2], [1, 6], [2, 0])],
    [7, Buffer.concat([words([2, 0], [2, 30760], [4, 300], [4, 100000000], [4, 3], [4, 3], [2, 64], [2, 0], [2, 7], [2, 0]), padded('5551234', 64), padded('sub', 64)])],
    [7, Buffer.concat([words([2, 0], [2, 1], [4, 300], [4, 1], [4, 9], [4, 0], [2, 64], [2, 0], [2, 200], [2, 5]), padded('x'.repeat(64), 64), padded('', 64)])],
    [8, words([2, 0], [2, 0], [1, 1], [1, 0], [2, 0], [4, 100000000], [2, 64], [2, 0], [4, 0])],
    [8, words([2, 5], [2, 6], [1, 9], [1, 8], [2, 3], [4, 1], [2, 2], [2, 1], [4, 9])],
    [9, Buffer.concat([words([2, 1], [2, 2], [4, 2], [4, 3], [2, 3], [2, 70]), padded('123', 64), padded('4567', 64), padded('', 64)])],
    [10, words([2, 1], [2, 2], [1, 3], [1, 5], [2, 64], [2, 0], [2, 0])],
    [11, words([2, 1], [2, 0], [4, 64000], [2, 64], [2, 0], [4, 2])],
    [12, words([2, 1], [2, 9])],
    [13, Buffer.concat([words([2, 1], [1, 4], [1, 0], [2, 0], [2, 0]), padded('stats', 128)])],
    [14, words([2, 1], [2, 0], [4, 1], [4, 2], [4, 3], [4, 4], [4, 5], [4, 6])],
    [15, words([2, 0], [2, 0], [4, 0xffffffff], [4, 0])],
    [0, words([4, 1])],
    [16, words([4, 1])],
  ];
  for (const [type, b] of pptpBodies) add(seg(1723, 3025, pptp(type, b)));
  add(seg(1723, 3025, pptp(15, words([2, 0], [2, 0], [4, 0], [4, 0]), { cookie: 0x12345678, msgType: 2, reserved: 3 })));
  add(seg(1723, 3025, pptp(5, words([4, 1]), { msgType: 9 })));
  add(seg(1723, 3025, pptp(13, Buffer.concat([words([2, 1], [1, 4], [1, 0], [2, 0], [2, 0]), padded('stats', 128)]))), [25, 30]);
  add(seg(1723, 3025, pptp(7, Buffer.concat([words([2, 0], [2, 1], [4, 300], [4, 1], [4, 1], [4, 1], [2, 64], [2, 0], [2, 10], [2, 0]), padded('5551234', 64), padded('s', 64)]))), [40, 42]);
  // A reset's data (-v), on an application port and off one
  add(seg(80, 40000, text('GET / HTTP/1.1\r\n\r\n'), { flags: 'R.' }), [3]);
  add(seg(5001, 40000, text('connection reset by peer, for no reason at all'), { flags: 'R' }), [10]);
  add(seg(5001, 40000, Buffer.from([0x41, 0x00, 0x7f, 0xc1, 0x0a]), { flags: 'R' }));
  // Two printers' ports: tcpdump's order decides
  add(seg(80, 22, text('SSH-2.0-x\r\n')));
  add(seg(25, 80, text('GET / HTTP/1.1\r\n')));
  add(seg(53, 80, text('GET / HTTP/1.1\r\n')));
  add(seg(22, 23, Buffer.from([IAC, 251, 1])));
  add(seg(21, 6379, text('+OK\r\n')));
  // NetBIOS and SMB: the reference tcpdump is built without their printers (nothing, or a later port's)
  add(seg(40000, 445, Buffer.concat([Buffer.from([0, 0, 0, 68]), text('\xfeSMB'), Buffer.alloc(64)])));
  add(seg(40000, 139, Buffer.from([0x85, 0, 0, 0])));
  add(seg(139, 80, text('GET / HTTP/1.1\r\n')));
  add(seg(80, 445, text('HTTP/1.1 200 OK\r\n')));
  // A first fragment (tcpdump still decodes its payload), and Ethernet padding after short payloads
  const t = tcp({ sport: 40000, dport: 80, flags: 'P.', seq: 1, ack: 1, payload: text('GET /frag HTTP/1.1\r\nHost: x\r\n\r\n') });
  add(eth(LINK, ipv4({ src: '198.18.0.1', dst: '198.18.0.2', mf: true, id: 7 }, t)));
  add(Buffer.concat([seg(40000, 80, text('GET')), text('\r\n\r\n')]));
  add(Buffer.concat([seg(40000, 22, text('SS')), text('H-2.0\n')]));
  add(Buffer.concat([seg(40000, 6379, text('+')), text('OK\r\n')]));
  // Not application ports, and no payload
  add(seg(5001, 40000, text('GET / HTTP/1.1\r\n')));
  add(seg(40000, 80, Buffer.alloc(0), { flags: '.' }));
  return out;
}

/**
 * Random payloads (deterministic: a seeded generator) on every application port: random bytes,
 * text from the protocols' words (request and response starts, line ends, telnet commands, RESP
 * types, BEEP keywords, the PPTP cookie), OpenFlow message runs, PPTP headers with random bodies,
 * MSDP Source-Active messages carrying packets, LDP PDUs of random messages and TLVs, DNS length
 * prefixes right and wrong; sometimes ports of two printers, sometimes a reset, a quarter of the
 * frames cut at a random byte of the payload.
 */
function randomCases(n: number, seed: number): Case[] {
  let x = seed;
  const rand = (k: number): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 8) % k;
  const ports = [23, 25, 43, 179, 1723, 6379, 22, 139, 445, 10288, 6633, 6653, 21, 80, 8080, 554, 8554, 53, 639, 323, 646];
  const words = [
    'GET', 'HTTP/1.1', ' ', '\r\n', '\n', '\r', '\t', '200', 'SSH-', 'SSH-2.0-x', '+OK', '-ERR', ':12', '$3', '$-1', '*2',
    '*-1', 'PING', 'RPY ', 'MSG\0', 'OPTIONS', 'RTSP/1.0', '\xff', '\xfa', '\xf0', '\xfb', '\x01', '\x00', 'a', 'abc', '9', '-',
    '\x1a\x2b\x3c\x4d',
  ];
  const starts: Record<number, string[]> = {
    80: ['GET / ', 'HTTP/1.1 200 ', 'post ', 'X 404'], 8080: ['HTTP/1.0 301 x\r\n'], 554: ['PLAY ', 'RTSP/1.0 200 '],
    23: ['\xff\xfb\x01', '\xff\xfa\x18\x01', '\xff\xfd', '\xff\xff', '\xff\xf1\xff'], 22: ['SSH-2.0-'],
    6379: ['*2\r\n', '$4\r\n', '+', ':', '*1\r\n$', '\r\n'], 10288: ['MSG\0', 'END\0', 'SEQ '],
  };
  const payload = (port: number): Buffer => {
    const kind = rand(4);
    if (kind === 0) return Buffer.from(Array.from({ length: rand(60) }, () => rand(256)));
    if (kind === 1 && (port === 6633 || port === 6653)) {
      const b: number[] = [];
      for (let i = rand(4); i >= 0; i--) {
        const len = rand(5) === 0 ? rand(30) : 8 + rand(20);
        b.push([1, 4, 2, 6][rand(4)]!, rand(32), len >> 8, len & 0xff, 0, 0, 0, rand(256));
        for (let k = 8; k < len && rand(10); k++) b.push(rand(256));
      }
      return Buffer.from(b);
    }
    if (kind === 1 && port === 1723) {
      const b = Buffer.alloc(12 + rand(200));
      for (let i = 0; i < b.length; i++) b[i] = rand(3) ? rand(256) : 0;
      b.writeUInt32BE(rand(5) ? 0x1a2b3c4d : rand(0xffffff), 4);
      b.writeUInt16BE(rand(18), 8);
      b.writeUInt16BE(rand(5) ? 0 : rand(9), 10);
      return b;
    }
    if (kind >= 1 && port === 646) {
      // LDP PDUs of random messages and TLVs (FECs with prefixes and pseudowires), lengths now and then wrong
      const w16 = (v: number): number[] => [v >> 8, v & 0xff];
      const types = [0x0100, 0x0101, 0x0103, 0x0200, 0x0300, 0x0400, 0x0401, 0x0402, 0x0403, 0x0500, 0x0503, 0x0601, 0x3e00];
      const msgs: number[] = [];
      for (let m = rand(4); m >= 0; m--) {
        const tl: number[] = [];
        for (let k = rand(4); k >= 0; k--) {
          const type = types[rand(types.length)]! | (rand(4) << 14);
          let body: number[];
          if ((type & 0x3fff) === 0x0100) {
            const f = [0x01, 0x02, 0x03, 0x80, 0x42][rand(5)]!;
            body = f === 0x02
              ? [2, 0, 1 + rand(3), rand(50), ...Array.from({ length: rand(8) }, () => rand(256))]
              : f === 0x80
                ? [0x80, rand(256), rand(256), [0, 3, 4, 8, 12, 20][rand(6)]!, 0, 0, 0, 1, 0, 0, 0, 2, ...[1, 4, 5, 220, 3, 4, 65, 66, 12, 4, rand(8), rand(8), rand(256), rand(9)].slice(0, rand(15))]
                : [f, ...Array.from({ length: rand(4) }, () => rand(256))];
          } else body = Array.from({ length: rand(20) }, () => rand(256));
          tl.push(...w16(type), ...w16(rand(8) ? body.length : rand(30)), ...body);
        }
        const mtype = [0x0001, 0x0100, 0x0200, 0x0201, 0x0300, 0x0301, 0x0400, 0x0401, 0x0402, 0x3f00][rand(10)]! | (rand(2) << 15);
        msgs.push(...w16(mtype), ...w16(rand(8) ? 4 + tl.length : rand(60)), 0, 0, 0, rand(256), ...tl);
      }
      const pdu = [0, rand(10) ? 1 : 2, ...w16(rand(8) ? 6 + msgs.length : rand(200)), 198, 18, 0, 1, 0, 0, ...msgs];
      return Buffer.from(rand(4) ? pdu : pdu.concat(pdu));
    }
    if (kind === 1 && port === 639) {
      // MSDP Source-Active messages, some carrying a (UDP/IPv4 or random) packet, some keepalives
      const b: number[] = [];
      for (let m = rand(3); m >= 0; m--) {
        const entries = rand(3);
        const data = rand(2)
          ? [0x45, 0, 0, 28 + rand(8), 0, 0, 0, 0, 9, 17, 0, 0, 198, 18, 0, 1, 239, 0, 0, 1, 0x13, 0x8c, 0x13, 0x8c, 0, 8 + rand(8), 0, 0, ...Array.from({ length: rand(10) }, () => rand(256))]
          : Array.from({ length: rand(30) }, () => rand(256));
        const len = 8 + entries * 12 + (rand(4) ? data.length : 0);
        b.push(rand(2) ? 1 : 3, len >> 8, len & 0xff, entries, 198, 18, 0, 9, ...Array.from({ length: entries * 12 }, () => rand(256)), ...data);
        if (rand(3) === 0) b.push(4, 0, 3);
      }
      return Buffer.from(b);
    }
    if (kind === 1 && port === 53) {
      const body = Buffer.from(Array.from({ length: rand(40) }, () => (rand(3) ? rand(4) : rand(256))));
      const len = rand(4) ? body.length : rand(50);
      return Buffer.concat([Buffer.from([len >> 8, len & 0xff]), body]);
    }
    let t = rand(3) && starts[port] ? starts[port]![rand(starts[port]!.length)]! : '';
    for (let i = rand(14); i >= 0; i--) t += words[rand(words.length)];
    return text(t);
  };
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const port = ports[rand(ports.length)]!;
    const other = rand(10) === 0 ? ports[rand(ports.length)]! : 30000 + rand(1000);
    const [sport, dport] = rand(2) ? [port, other] : [other, port];
    const f = seg(sport, dport, payload(port), { flags: rand(20) ? 'P.' : 'R.' });
    // -v decodes tcp-apps.ts does not do: BGP and OpenFlow bodies.
    const verbose = ![179, 6633, 6653].some((p) => p === sport || p === dport);
    out.push({ frame: rand(4) === 0 && f.length > 55 ? truncate(f, 54 + rand(f.length - 54)) : f, verbose });
  }
  return out;
}

let dir = '';
test.before(() => {
  requireTcpdump('format-tcpapp.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-tcpapp-'));
});
test.after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every case's line in each mode against tcpdump's; returns what tcpdump printed, joined. */
function compare(all: Case[], name: string): string {
  const skip = (i: number, mode: Mode): boolean => !!mode.opts.verbose && !all[i]!.verbose;
  const results = compareWithTcpdump(path.join(dir, `${name}.pcap`), all.map((c) => c.frame), [MODE.plain, MODE.quick, MODE.link, MODE.v, MODE.vv], { skip });
  for (const r of results) assert.ok(r.compared > 0);
  assertSameAsTcpdump(results);
  return results.map((r) => r.expected.filter((_, i) => !skip(i, r.mode)).map((l) => l + '\n').join('')).join('');
}

test('TCP application payloads = tcpdump -n (default, -q, -e, -v, -vv), whole and cut', () => {
  const printed = compare(cases(), 'tcpapp');
  const seen = new Set<string>();
  for (const m of printed.matchAll(/(HTTP|RTSP|FTP|SMTP|WHOIS|SSH|RESP|BGP|OpenFlow|BEEP|pptp|msdp|RPKI-RTR|LDP)(?=[ :,]|$)|\[telnet|\[\|\w+\]|\[!?RST| \d+\+? A\? /gm)) seen.add(m[0]);
  // What tcpdump printed came from the application printers (not a fallback both sides share).
  for (const want of ['HTTP', 'RTSP', 'FTP', 'SMTP', 'WHOIS', 'SSH', 'RESP', 'BGP', 'OpenFlow', '[|openflow]', 'BEEP', 'pptp', '[|pptp]', 'msdp', 'RPKI-RTR', 'LDP', '[|msdp]', '[|ldp]', '[|rpki_rtr]', '[telnet', '[RST', '[!RST', '[|http]', '[|ssh]', '[|resp]', '[|domain]', '[|telnet]']) {
    assert.ok(seen.has(want), `tcpdump printed no ${want}`);
  }
});

test('random payloads on every application port = tcpdump -n (default, -q, -e, -v, -vv)', () => {
  const printed = compare(randomCases(2000, 7), 'tcpapp-random');
  // The generator reaches the printers' decodes, not only their fallbacks.
  for (const want of ['HTTP: ', 'RTSP: ', 'SSH: ', 'RESP "', '[telnet', 'BEEP MSG', 'pptp CTRL_MSGTYPE', 'OpenFlow\n\tversion 1.3', '[prefix length', 'RPKI-RTRv0', '[w/data] IP ', 'Martini VC FEC']) {
    assert.ok(printed.includes(want), `tcpdump printed no ${JSON.stringify(want)}`);
  }
});

test.run();
