#include "upload_curl.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "ppc/error.hpp"

namespace biunzip::upload_detail {
namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* r = static_cast<Response*>(user);
  size_t bytes = size * n;
  r->body_bytes += bytes;
  if (r->hash_body)
    r->hasher.update({reinterpret_cast<const uint8_t*>(data), bytes});
  else if (r->body.size() < (1u << 20))
    r->body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* r = static_cast<Response*>(user);
  std::string line(data, size * n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) r->headers.clear();  // a new response (after 100 Continue)
  r->headers.push_back(line);
  return size * n;
}

}  // namespace

FileRange::FileRange(const std::string& path, uint64_t offset, uint64_t length, const SentFn* sent)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)),
      base_(offset),
      length_(length),
      sent_(sent),
      path_(path) {
  if (fd_ < 0) ppc::fail_errno("cannot open " + path);
}

FileRange::~FileRange() {
  ::close(fd_);
}

size_t FileRange::read(char* buf, size_t size, size_t n, void* self) {
  auto* f = static_cast<FileRange*>(self);
  size_t want = std::min<uint64_t>(size * n, f->length_ - f->pos_);
  if (want == 0) return 0;
  ssize_t got = ::pread(f->fd_, buf, want, static_cast<off_t>(f->base_ + f->pos_));
  if (got <= 0) return CURL_READFUNC_ABORT;
  f->pos_ += static_cast<uint64_t>(got);
  if (f->sent_ && *f->sent_) (*f->sent_)(static_cast<uint64_t>(got));
  return static_cast<size_t>(got);
}

int FileRange::seek(void* self, curl_off_t offset, int origin) {
  auto* f = static_cast<FileRange*>(self);
  if (origin != SEEK_SET || offset < 0 || static_cast<uint64_t>(offset) > f->length_)
    return CURL_SEEKFUNC_CANTSEEK;
  f->pos_ = static_cast<uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

std::string Response::header(const std::string& name) const {
  for (const std::string& h : headers) {
    std::size_t colon = h.find(':');
    if (colon != name.size()) continue;
    if (!std::equal(name.begin(), name.end(), h.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      continue;
    std::string v = h.substr(colon + 1);
    v.erase(0, v.find_first_not_of(" \t"));
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
    return v;
  }
  return {};
}

Curl::Curl() : h_(curl_easy_init()) {
  if (!h_) ppc::fail(ppc::ErrorClass::io, "libcurl: cannot create a handle");
}

void Curl::reset() {
  curl_easy_reset(h_.get());
}

void Curl::send_body(FileRange& range, uint64_t length) {
  CURL* c = h_.get();
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, FileRange::read);
  curl_easy_setopt(c, CURLOPT_READDATA, &range);
  curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, FileRange::seek);
  curl_easy_setopt(c, CURLOPT_SEEKDATA, &range);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(length));
}

uint64_t Curl::content_length(const std::string& what) {
  curl_off_t length = -1;
  curl_easy_getinfo(h_.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  if (length < 0) ppc::fail(ppc::ErrorClass::io, what + ": no size from the server");
  return static_cast<uint64_t>(length);
}

CURLcode Curl::perform(Response& r, const std::string& what,
                       std::initializer_list<CURLcode> allowed) {
  CURL* c = h_.get();
  error_[0] = '\0';
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  // A stalled server: under 1 byte/s for 60 s ends the transfer (the upload can be resumed).
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
  CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  if (rc == CURLE_OK || std::find(allowed.begin(), allowed.end(), rc) != allowed.end()) return rc;
  std::string detail = error_[0] ? error_ : curl_easy_strerror(rc);
  ppc::fail(ppc::ErrorClass::io, what + ": " + detail);
}

std::string escape_path(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string seg =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    char* e = curl_easy_escape(nullptr, seg.c_str(), static_cast<int>(seg.size()));
    out += e ? e : "";
    curl_free(e);
    if (slash == std::string::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

}  // namespace biunzip::upload_detail
