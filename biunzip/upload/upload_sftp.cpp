// SFTP through libcurl's libssh2 backend: public-key login (--ssh-key, else the agent), the
// server's host key checked against known_hosts (unknown or changed keys are refused),
// missing directories created, interrupted files continued from the remote size.
#include <unistd.h>

#include <cstdlib>

#include "ppc/error.hpp"
#include "upload_curl.hpp"
#include "upload_stores.hpp"

namespace biunzip::upload_detail {
namespace {

class SftpStore final : public ObjectStore {
 public:
  SftpStore(const UploadTarget& t, const UploadSettings& s) : target_(t), settings_(s) {
    if (settings_.known_hosts.empty()) {
      const char* home = std::getenv("HOME");
      settings_.known_hosts = std::string(home ? home : "") + "/.ssh/known_hosts";
    }
    if (::access(settings_.known_hosts.c_str(), R_OK) != 0)
      ppc::fail(ppc::ErrorClass::usage, settings_.known_hosts +
                                            ": no known_hosts file (the server's key must be "
                                            "known: --known-hosts FILE)");
  }
  std::string display(const std::string& name) const override {
    return "sftp://" + (target_.user.empty() ? "" : target_.user + "@") + target_.host + ":" +
           std::to_string(target_.port) + path(name);
  }
  std::optional<uint64_t> size(const std::string& name) override {
    setup(name);
    curl_easy_setopt(curl_.get(), CURLOPT_NOBODY, 1L);
    Response r;
    if (curl_.perform(r, display(name), {CURLE_REMOTE_FILE_NOT_FOUND}) != CURLE_OK)
      return std::nullopt;
    return curl_.content_length(display(name));
  }
  bool can_resume() const override { return true; }
  void put(const std::string& name, const std::string& local, uint64_t size, uint64_t offset,
           const SentFn& sent) override {
    setup(name);
    FileRange range(local, 0, size, &sent);
    curl_.send_body(range, size);
    CURL* c = curl_.get();
    curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(offset));
    curl_easy_setopt(c, CURLOPT_FTP_CREATE_MISSING_DIRS, static_cast<long>(CURLFTP_CREATE_DIR));
    curl_easy_setopt(c, CURLOPT_NEW_DIRECTORY_PERMS, 0700L);
    curl_easy_setopt(c, CURLOPT_NEW_FILE_PERMS, 0600L);
    Response r;
    curl_.perform(r, display(name));
  }
  std::array<uint8_t, 32> read_back_sha256(const std::string& name) override {
    setup(name);
    Response r;
    r.hash_body = true;
    curl_.perform(r, display(name));
    std::array<uint8_t, 32> out{};
    ppc::from_hex(r.hasher.finish().sha256, out);
    return out;
  }

 private:
  std::string path(const std::string& name) const { return target_.prefix + "/" + name; }
  void setup(const std::string& name) {
    curl_.reset();
    CURL* c = curl_.get();
    std::string url =
        "sftp://" + target_.host + ":" + std::to_string(target_.port) + escape_path(path(name));
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "sftp");
    if (!target_.user.empty()) curl_easy_setopt(c, CURLOPT_USERNAME, target_.user.c_str());
    curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES, CURLSSH_AUTH_PUBLICKEY | CURLSSH_AUTH_AGENT);
    if (!settings_.ssh_key.empty()) {
      curl_easy_setopt(c, CURLOPT_SSH_PRIVATE_KEYFILE, settings_.ssh_key.c_str());
      std::string pub = settings_.ssh_key + ".pub";
      if (::access(pub.c_str(), R_OK) == 0)
        curl_easy_setopt(c, CURLOPT_SSH_PUBLIC_KEYFILE, pub.c_str());
    }
    // With a known_hosts file and no callback, libcurl refuses unknown and changed host keys.
    curl_easy_setopt(c, CURLOPT_SSH_KNOWNHOSTS, settings_.known_hosts.c_str());
  }

  UploadTarget target_;
  UploadSettings settings_;
  Curl curl_;
};

}  // namespace

std::unique_ptr<ObjectStore> make_sftp_store(const UploadTarget& t, const UploadSettings& s) {
  return std::make_unique<SftpStore>(t, s);
}

}  // namespace biunzip::upload_detail
