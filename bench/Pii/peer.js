// Times npm redact-pii (local regex mode, no network) on the same messages as the .NET bench, one message per call
// as its docs advise. Usage: node peer.js MESSAGES.json SECONDS [WARMUP_SECONDS]  → prints {"messages","chars","bytes","seconds","cpuSeconds","passes"}.
const fs = require('fs');
const { SyncRedactor } = require('redact-pii');
const messages = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const budget = Number(process.argv[3] || 5) * 1000;
const redactor = new SyncRedactor();
const bytes = messages.reduce((n, m) => n + Buffer.byteLength(m, 'utf8'), 0);
const chars = messages.reduce((n, m) => n + m.length, 0);
// Warm-up (JIT) for the same CPU time as the .NET side.
const warmUp = Number(process.argv[4] || 2) * 1000;
const warmStart = process.cpuUsage();
for (let used = 0; used < warmUp;) {
  for (const m of messages.slice(0, 1000)) redactor.redact(m);
  const u = process.cpuUsage(warmStart);
  used = (u.user + u.system) / 1000;
}
// CPU time of the process (user + system), as on the .NET side: the machine is shared.
let passes = 0, sink = 0;
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
let cpu = 0;
do {
  for (const m of messages) sink += redactor.redact(m).length;
  passes++;
  const used = process.cpuUsage(cpuStart);
  cpu = (used.user + used.system) / 1000;
} while (cpu < budget);
const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ messages: messages.length, chars, bytes, seconds: elapsed / 1000, cpuSeconds: cpu / 1000, passes, sink }) + '\n');
