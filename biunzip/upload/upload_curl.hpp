#pragma once
// libcurl easy handles for the object stores (internal): RAII, a reader over a local file
// range, a writer that hashes, and errors as ppc::Error without credentials in the text.
#include <curl/curl.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "biunzip/upload.hpp"
#include "ppc/hashing.hpp"

namespace biunzip::upload_detail {

struct CurlHeaders {
  curl_slist* list = nullptr;
  CurlHeaders() = default;
  CurlHeaders(const CurlHeaders&) = delete;
  CurlHeaders& operator=(const CurlHeaders&) = delete;
  ~CurlHeaders() { curl_slist_free_all(list); }
  void add(const std::string& h) { list = curl_slist_append(list, h.c_str()); }
};

// Bytes [offset, offset+length) of a local file, for CURLOPT_READFUNCTION (and SEEKFUNCTION).
class FileRange {
 public:
  FileRange(const std::string& path, uint64_t offset, uint64_t length, const SentFn* sent);
  ~FileRange();
  FileRange(const FileRange&) = delete;
  FileRange& operator=(const FileRange&) = delete;
  static size_t read(char* buf, size_t size, size_t n, void* self);
  static int seek(void* self, curl_off_t offset, int origin);
  uint64_t length() const { return length_; }

 private:
  int fd_;
  uint64_t base_, length_, pos_ = 0;
  const SentFn* sent_;
  std::string path_;
};

// What a request returned: HTTP status (0 for SFTP), response headers and body (capped), or a
// running SHA-256 of the body when hashing.
struct Response {
  long status = 0;
  std::string body;
  std::vector<std::string> headers;
  bool hash_body = false;
  ppc::MultiHasher hasher;
  uint64_t body_bytes = 0;
  std::string header(const std::string& name) const;  // case-insensitive, trimmed
};

class Curl {
 public:
  Curl();
  CURL* get() const { return h_.get(); }
  // Performs the request; `what` names it in errors (no secrets). Returns the curl code when
  // it is one of `allowed`, throws ppc::Error(io) for any other failure.
  CURLcode perform(Response& r, const std::string& what,
                   std::initializer_list<CURLcode> allowed = {});
  void reset();
  // The request's body is `range`, `length` bytes (read and rewound by libcurl); an upload.
  void send_body(FileRange& range, uint64_t length);
  // The size the server gave for the last request (a HEAD or a stat); throws when it gave none.
  uint64_t content_length(const std::string& what);

 private:
  struct Cleanup {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
  };
  std::unique_ptr<CURL, Cleanup> h_;
  char error_[CURL_ERROR_SIZE] = {};
};

// Percent-encodes every byte of each path segment, keeping the '/' between them.
std::string escape_path(const std::string& path);

}  // namespace biunzip::upload_detail
