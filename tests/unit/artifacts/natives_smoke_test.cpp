// Every builtin native collector: on an empty root it writes nothing and reports nothing; on
// this live host every row it writes fits its declared columns (the recording context throws
// std::logic_error on an undeclared table or column, or a value of the wrong type).
#include "artifact_test_support.hpp"

namespace collector::test {
namespace {

std::vector<const ArtifactDef*> builtin_natives(const Catalog& catalog) {
  std::vector<const ArtifactDef*> out;
  for (const auto& a : catalog.artifacts)
    if (a.kind == CollectorKind::native) out.push_back(&a);
  return out;
}

TEST(EveryNative, EmptyRootGivesNoRowsAndNoErrors) {
  FakeRoot root;
  Catalog catalog = load_builtin_catalog();
  for (const ArtifactDef* def : builtin_natives(catalog)) {
    SCOPED_TRACE(def->name);
    FakeContext ctx(*def, root.path());
    ASSERT_NO_THROW(find_native_collector(def->native)(ctx));
    // system_info always has its one row (all NULL here) and the collector's environment.
    if (def->name != "system_info") {
      for (const auto& t : def->outputs) EXPECT_TRUE(ctx.rows(t.name).empty()) << t.name;
    }
    EXPECT_TRUE(ctx.errors.empty());
    EXPECT_TRUE(ctx.files.empty());
  }
}

TEST(EveryNative, LiveHostRowsFitTheirTables) {
  Catalog catalog = load_builtin_catalog();
  for (const ArtifactDef* def : builtin_natives(catalog)) {
    SCOPED_TRACE(def->name);
    ArtifactDef local = *def;
    if (local.name == "bodyfile") local.options["roots"] = {"/etc"};  // keep the walk short
    if (local.name == "package_integrity") local.options["max_packages"] = {"3"};
    if (local.name == "ssh_private_keys") local.options["max_entries"] = {"20000"};
    FakeContext ctx(local, "/");
    EXPECT_NO_THROW(find_native_collector(local.native)(ctx));
  }
}

}  // namespace
}  // namespace collector::test
