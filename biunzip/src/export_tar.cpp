#include "biunzip/export.hpp"

namespace biunzip {

ppc::ReadReport export_tar(PackageFile& file, const ppc::ReadOptions& options, int out_fd) {
  TrackingSource source(file, nullptr);
  ppc::FdSink sink(out_fd, "tar output");
  return ppc::export_payload(source, options, sink);
}

}  // namespace biunzip
