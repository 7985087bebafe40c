// Where OpenSSL's random generator is seeded from, on every kernel the collector supports.
//
// OpenSSL 3.0's "os" seed source asks getrandom(2) (Linux >= 3.17) and, failing that, reads
// /dev/urandom only after wait_random_seeded() (providers/implementations/rands/seeding/
// rand_unix.c) agrees. That check gives up whenever uname(2) reports a kernel >= 4.8, and on an
// older one it waits on /dev/random and then creates a System V shared-memory segment (key 114)
// on the asset as a "seeded" marker, which outlives the run. Neither suits an evidence
// collector, and the weak getentropy() reference OpenSSL makes stays unresolved in our static
// link, so the syscall is all it tries. When getrandom is missing we therefore register a seed
// source of our own with OpenSSL (a built-in provider) that reads /dev/urandom once /dev/random
// has been readable, i.e. the kernel's input pool has been initialised. OpenSSL's DRBGs stay in
// charge: every key, nonce, salt and X25519 key pair still comes from them.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>

#include "ppc/environment.hpp"
#include "ppc/error.hpp"

namespace ppc {
namespace {

constexpr const char* kProviderName = "ppc-urandom";
constexpr const char* kSeedName = "PPC-URANDOM";
constexpr const char* kSeedQuery = "provider=ppc-urandom";
constexpr int kPoolWaitMs = 30'000;  // an initialised pool answers at once; a fresh boot may not
constexpr unsigned kSeedStrength = 1024;  // as OpenSSL's own seed source: full-entropy bytes
constexpr size_t kSeedMaxRequest = 128;

int g_urandom = -1;  // opened once the fallback is chosen, for the life of the process

// ----- The seed source (an EVP_RAND without a parent, as OpenSSL's SEED-SRC) -----

struct SeedCtx {
  int state = EVP_RAND_STATE_UNINITIALISED;
};

bool read_urandom(unsigned char* out, size_t len) {
  while (len > 0) {
    ssize_t n = ::read(g_urandom, out, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

void* seed_new(void*, void* parent, const OSSL_DISPATCH*) {
  return parent ? nullptr : new (std::nothrow) SeedCtx;  // a seed source has no parent
}
void seed_free(void* ctx) {
  delete static_cast<SeedCtx*>(ctx);
}
int seed_instantiate(void* ctx, unsigned, int, const unsigned char*, size_t, const OSSL_PARAM*) {
  static_cast<SeedCtx*>(ctx)->state = EVP_RAND_STATE_READY;
  return 1;
}
int seed_uninstantiate(void* ctx) {
  static_cast<SeedCtx*>(ctx)->state = EVP_RAND_STATE_UNINITIALISED;
  return 1;
}
int seed_generate(void* ctx, unsigned char* out, size_t len, unsigned, int, const unsigned char*,
                  size_t) {
  return static_cast<SeedCtx*>(ctx)->state == EVP_RAND_STATE_READY && read_urandom(out, len);
}
int seed_reseed(void* ctx, int, const unsigned char*, size_t, const unsigned char*, size_t) {
  return static_cast<SeedCtx*>(ctx)->state == EVP_RAND_STATE_READY;
}
int seed_get_ctx_params(void* ctx, OSSL_PARAM params[]) {
  OSSL_PARAM* p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STATE);
  if (p && !OSSL_PARAM_set_int(p, static_cast<SeedCtx*>(ctx)->state)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STRENGTH);
  if (p && !OSSL_PARAM_set_uint(p, kSeedStrength)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_MAX_REQUEST);
  return !p || OSSL_PARAM_set_size_t(p, kSeedMaxRequest);
}
const OSSL_PARAM* seed_gettable_ctx_params(void*, void*) {
  static const OSSL_PARAM known[] = {OSSL_PARAM_int(OSSL_RAND_PARAM_STATE, nullptr),
                                     OSSL_PARAM_uint(OSSL_RAND_PARAM_STRENGTH, nullptr),
                                     OSSL_PARAM_size_t(OSSL_RAND_PARAM_MAX_REQUEST, nullptr),
                                     OSSL_PARAM_END};
  return known;
}
// What a DRBG above us calls to (re)seed: `entropy` bits, one per bit of /dev/urandom output.
size_t seed_get_seed(void* ctx, unsigned char** out, int entropy, size_t min_len, size_t max_len,
                     int, const unsigned char*, size_t) {
  size_t len = std::max(entropy > 0 ? (static_cast<size_t>(entropy) + 7) / 8 : 0, min_len);
  if (len > max_len) return 0;
  auto* buf = static_cast<unsigned char*>(OPENSSL_secure_malloc(len));
  if (!buf) return 0;
  if (!seed_generate(ctx, buf, len, 0, 0, nullptr, 0)) {
    OPENSSL_secure_clear_free(buf, len);
    return 0;
  }
  *out = buf;
  return len;
}
void seed_clear_seed(void*, unsigned char* out, size_t len) {
  OPENSSL_secure_clear_free(out, len);
}
int seed_enable_locking(void*) {
  return 1;
}  // read(2) on the device needs no lock of ours
int seed_lock(void*) {
  return 1;
}
void seed_unlock(void*) {}

using AnyFunction = void (*)();  // OSSL_DISPATCH's type for every entry
template <class F>
AnyFunction fn(F* f) {
  return reinterpret_cast<AnyFunction>(f);
}

const OSSL_DISPATCH kSeedFunctions[] = {
    {OSSL_FUNC_RAND_NEWCTX, fn(seed_new)},
    {OSSL_FUNC_RAND_FREECTX, fn(seed_free)},
    {OSSL_FUNC_RAND_INSTANTIATE, fn(seed_instantiate)},
    {OSSL_FUNC_RAND_UNINSTANTIATE, fn(seed_uninstantiate)},
    {OSSL_FUNC_RAND_GENERATE, fn(seed_generate)},
    {OSSL_FUNC_RAND_RESEED, fn(seed_reseed)},
    {OSSL_FUNC_RAND_ENABLE_LOCKING, fn(seed_enable_locking)},
    {OSSL_FUNC_RAND_LOCK, fn(seed_lock)},
    {OSSL_FUNC_RAND_UNLOCK, fn(seed_unlock)},
    {OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, fn(seed_gettable_ctx_params)},
    {OSSL_FUNC_RAND_GET_CTX_PARAMS, fn(seed_get_ctx_params)},
    {OSSL_FUNC_RAND_GET_SEED, fn(seed_get_seed)},
    {OSSL_FUNC_RAND_CLEAR_SEED, fn(seed_clear_seed)},
    {0, nullptr}};

const OSSL_ALGORITHM kRands[] = {{kSeedName, kSeedQuery, kSeedFunctions, "/dev/urandom seed"},
                                 {nullptr, nullptr, nullptr, nullptr}};

const OSSL_ALGORITHM* query_operation(void*, int operation, int* no_cache) {
  *no_cache = 0;
  return operation == OSSL_OP_RAND ? kRands : nullptr;
}
const OSSL_DISPATCH kProviderFunctions[] = {
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, fn(query_operation)}, {0, nullptr}};

int provider_init(const OSSL_CORE_HANDLE*, const OSSL_DISPATCH*, const OSSL_DISPATCH** out,
                  void** provctx) {
  static int context;
  *out = kProviderFunctions;
  *provctx = &context;
  return 1;
}

// ----- Choosing the source -----

// True when getrandom(2) exists (it may still block until the pool is ready: OpenSSL waits then).
bool kernel_has_getrandom() {
  unsigned char byte;
  if (::syscall(SYS_getrandom, &byte, 1, 0x0001 /* GRND_NONBLOCK */) == 1) return true;
  return errno == EAGAIN || errno == EINTR;  // ENOSYS before 3.17; EPERM under some sandboxes
}

[[noreturn]] void no_entropy(const std::string& why) {
  fail(ErrorClass::crypto,
       "no entropy source: getrandom(2) is not available on this kernel and " + why);
}

// Opens a random device, refusing anything but the kernel's own (a planted file is no source).
int open_device(const char* path, unsigned minor) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) no_entropy(std::string(path) + " cannot be opened: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, minor)) {
    ::close(fd);
    no_entropy(std::string(path) + " is not the kernel's random device");
  }
  return fd;
}

// The pool is initialised once /dev/random is readable (OpenSSL's own test for old kernels);
// poll(2) only looks, it takes nothing from the pool.
void wait_for_pool() {
  int fd = open_device("/dev/random", 8);
  pollfd p{fd, POLLIN, 0};
  int r;
  while ((r = ::poll(&p, 1, kPoolWaitMs)) < 0 && errno == EINTR) {
  }
  ::close(fd);
  if (r != 1)
    no_entropy("the kernel's entropy pool was not initialised within " +
               std::to_string(kPoolWaitMs / 1000) + " s (/dev/random not readable)");
}

void use_urandom_seed() {
  wait_for_pool();
  g_urandom = open_device("/dev/urandom", 9);
  if (!OSSL_PROVIDER_add_builtin(nullptr, kProviderName, provider_init) ||
      !OSSL_PROVIDER_try_load(nullptr, kProviderName, 1 /* keep the default provider */) ||
      !RAND_set_seed_source_type(nullptr, kSeedName, kSeedQuery))
    fail_openssl("cannot give OpenSSL the /dev/urandom seed source");
}

EntropySource choose_source() {
  EntropySource source;
  if (kernel_has_getrandom()) {
    source.name = "getrandom";
  } else {
    use_urandom_seed();
    source.name = "/dev/urandom";
    source.note =
        "getrandom(2) not available on this kernel (Linux < 3.17): OpenSSL seeded from "
        "/dev/urandom after /dev/random became readable";
  }
  // Instantiates OpenSSL's DRBGs now, so a source that fails does so before anything is written.
  unsigned char probe[32];
  if (RAND_bytes(probe, sizeof probe) != 1 || RAND_priv_bytes(probe, sizeof probe) != 1)
    fail_openssl("no entropy source: OpenSSL's random generator cannot be seeded (" + source.name +
                 ")");
  OPENSSL_cleanse(probe, sizeof probe);
  return source;
}

}  // namespace

const EntropySource& ensure_entropy() {
  static std::mutex mutex;
  static std::optional<EntropySource> chosen;
  std::lock_guard lock(mutex);
  if (!chosen) chosen = choose_source();  // a failure throws and is tried again next call
  return *chosen;
}

}  // namespace ppc
