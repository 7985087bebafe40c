#pragma once
// `biunzip upload`: a package and its sidecars, or an extracted folder, copied to an evidence
// repository over libcurl (SFTP, S3 with SigV4, Azure Blob with a SAS token), resumed when
// interrupted and verified object by object by reading each one back.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace biunzip {

// --to URL, parsed. Secrets are never part of it.
struct UploadTarget {
  enum class Kind { sftp, s3, azure } kind = Kind::sftp;
  std::string user, host;  // sftp
  int port = 22;
  std::string bucket;     // s3: bucket; azure: account
  std::string container;  // azure
  std::string prefix;     // remote folder (sftp: absolute path), no trailing '/'
};
// Throws ppc::Error(usage) for anything else.
UploadTarget parse_upload_target(const std::string& url);

struct UploadSettings {
  std::string ssh_key;      // private key file; empty: the SSH agent
  std::string known_hosts;  // default ~/.ssh/known_hosts
  std::string endpoint;     // s3/azure: http(s)://host[:port] instead of the public cloud
  std::string region;       // s3 (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)
  std::string sas_token;    // azure, read from --sas-file (never printed)
  std::string access_key, secret_key, session_token;  // s3, from the environment
  uint64_t part_size = 64ull << 20;  // s3 multipart part size; files above it go multipart
};

// Called from worker threads with bytes sent since the last call.
using SentFn = std::function<void(uint64_t)>;

// One remote store. Each upload worker gets its own (libcurl handles are not shared).
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  // What to call the object in messages and custody.log (no credentials).
  virtual std::string display(const std::string& name) const = 0;
  // The object's size, nullopt when it does not exist.
  virtual std::optional<uint64_t> size(const std::string& name) = 0;
  // Whether put() can continue an object from `offset` (SFTP appends).
  virtual bool can_resume() const { return false; }
  // Sends bytes [offset, size) of the local file; offset > 0 only when can_resume().
  virtual void put(const std::string& name, const std::string& local, uint64_t size,
                   uint64_t offset, const SentFn& sent) = 0;
  // SHA-256 of the remote object, read back in full.
  virtual std::array<uint8_t, 32> read_back_sha256(const std::string& name) = 0;
};

std::unique_ptr<ObjectStore> make_object_store(const UploadTarget& target,
                                               const UploadSettings& settings);

struct UploadObject {
  std::string local;  // path
  std::string name;   // remote name under the prefix
  uint64_t size = 0;
  std::array<uint8_t, 32> sha256{};
  // Filled by upload_objects:
  std::string outcome;  // uploaded | resumed | present | replaced
};

struct UploadReport {
  std::vector<std::string> warnings;  // e.g. a remote object that differed and was replaced
  uint64_t bytes_sent = 0;
};

// Uploads every object with `jobs` workers, each verified afterwards; throws ppc::Error
// (io for transport failures, manifest when a read-back digest differs).
UploadReport upload_objects(std::vector<UploadObject>& objects, const UploadTarget& target,
                            const UploadSettings& settings, int jobs, const SentFn& sent);

}  // namespace biunzip
