#include "biunzip/batch.hpp"

#include <unistd.h>

#include <atomic>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>
#include <vector>

#include "biunzip/csv.hpp"
#include "biunzip/exit_codes.hpp"
#include "biunzip/key_input.hpp"
#include "biunzip/text.hpp"
#include "ppc/io.hpp"

namespace biunzip {
namespace {

// The listed name, or the name with a package extension when the list leaves it out.
std::string find_package(const std::string& dir, const std::string& name) {
  std::string base = dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
  for (const char* ext : {"", ".ppc", ".zip"}) {
    if (::access((base + ext).c_str(), F_OK) == 0) return base + ext;
  }
  return {};
}

}  // namespace

int run_batch(const BatchRequest& request, std::ostream& out, std::ostream& err) {
  keep_secrets_out_of_dumps();  // the CSV holds every package's password
  std::vector<uint8_t> bytes;
  try {
    bytes = ppc::read_file(request.csv);
  } catch (const ppc::Error& e) {  // a bad argument, not an I/O failure of the extraction
    ppc::fail(ppc::ErrorClass::usage, std::string("--csv: ") + e.what());
  }
  PasswordList list = parse_password_list(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
      [&](const std::string& name) {
        return !name.empty() && !find_package(request.dir, name).empty();
      });
  for (const std::string& p : list.problems) err << "biunzip: " << request.csv << ": " << p << "\n";

  std::vector<int> codes(list.entries.size(), kExitOk);
  std::atomic<std::size_t> next{0};
  std::mutex print;
  auto worker = [&] {
    for (std::size_t i = next++; i < list.entries.size(); i = next++) {
      const PasswordEntry& e = list.entries[i];
      std::ostringstream o, w;
      std::string path = find_package(request.dir, e.file_name);
      if (path.empty()) {
        w << "biunzip: " << request.csv << " line " << e.line << ": " << printable(e.file_name)
          << ": no such file in " << printable(request.dir) << "\n";
        codes[i] = kExitIo;
      } else {
        ExtractJob job = request.defaults;
        job.package = path;
        job.output_dir.clear();
        job.keys.passwords = {e.password};
        job.keys.allow_prompt = false;
        codes[i] = run_extract_job(job, o, w);
      }
      std::lock_guard<std::mutex> lock(print);
      out << o.str() << std::flush;
      err << w.str() << std::flush;
    }
  };
  unsigned jobs = request.jobs ? request.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, codes.size())));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();

  std::size_t failed = 0;
  int first = kExitOk;
  for (int c : codes) {
    if (c != kExitOk && failed++ == 0) first = c;
  }
  if (!request.defaults.quiet) {
    out << list.entries.size() << " packages listed, " << list.entries.size() - failed
        << " extracted, " << failed << " failed\n";
  }
  return first;
}

}  // namespace biunzip
