#include "codeanatomy/base/table.h"

#include "codeanatomy/base/testing.h"

namespace codeanatomy::base {
namespace {

Schema TestSchema() {
  return Schema({{"id", ColumnType::kUInt64, false},
                 {"name", ColumnType::kString, true},
                 {"n", ColumnType::kInt32, true},
                 {"big", ColumnType::kInt64, true},
                 {"flag", ColumnType::kBool, true},
                 {"score", ColumnType::kDouble, true},
                 {"tags", ColumnType::kStringList, true}});
}

Table TwoRows() {
  Table t(TestSchema());
  t.column("id").AppendUInt64(7);
  t.column("name").AppendString("alpha");
  t.column("n").AppendInt32(-3);
  t.column("big").AppendInt64(1LL << 40);
  t.column("flag").AppendBool(true);
  t.column("score").AppendDouble(0.5);
  t.column("tags").AppendStringList({"a", "", "c"});
  t.column("id").AppendUInt64(8);
  t.column("name").AppendNull();
  t.column("n").AppendNull();
  t.column("big").AppendNull();
  t.column("flag").AppendNull();
  t.column("score").AppendNull();
  t.column("tags").AppendNull();
  t.CheckConsistent();
  return t;
}

TEST(TableTest, AppendsAndReadsEveryType) {
  Table t = TwoRows();
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.column("name").GetString(0), "alpha");
  EXPECT_FALSE(t.column("name").IsValid(1));
  EXPECT_EQ(t.column("tags").ListLength(0), 3u);
  EXPECT_EQ(t.column("tags").ListItem(0, 2), "c");
  EXPECT_EQ(t.column("tags").ListItem(0, 1), "");
  EXPECT_EQ(t.GetRow(0)[3], Value::Int64(1LL << 40));
  EXPECT_TRUE(t.GetRow(1)[6].is_null());
}

TEST(TableTest, SerializationRoundTrips) {
  Table t = TwoRows();
  std::string bytes;
  t.SerializeTo(&bytes);
  Table back;
  ASSERT_TRUE(Table::Deserialize(bytes, &back));
  EXPECT_EQ(back.schema(), t.schema());
  ASSERT_EQ(back.num_rows(), 2u);
  for (size_t r = 0; r < 2; ++r) EXPECT_EQ(back.GetRow(r), t.GetRow(r));
  EXPECT_FALSE(Table::Deserialize(bytes.substr(0, bytes.size() - 3), &back));
  EXPECT_FALSE(Table::Deserialize("garbage", &back));
}

//! The serialized form of a one-column table, written by hand (layout: table.cc), so a test can
//! make it inconsistent: vectors in the order valid, bools, i32, i64, u64, f64, chars, offsets,
//! list offsets.
struct RawColumn {
  // Every member has a default, so a test names only the ones it sets
  // (-Wmissing-field-initializers).
  ColumnType type = ColumnType::kInt32;
  std::vector<uint8_t> valid = {}, bools = {};
  std::vector<int32_t> i32 = {};
  std::vector<int64_t> i64 = {};
  std::vector<uint64_t> u64 = {};
  std::vector<double> f64 = {};
  std::string chars = {};
  std::vector<uint64_t> offsets = {}, list_offsets = {};
  uint32_t name_length = 1;  // of the name "c"
};
std::string Raw(const RawColumn& c) {
  std::string out = "CATB1";
  auto u32 = [&](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  auto u64 = [&](uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); };
  auto vec = [&](const auto& v) {
    u64(v.size());
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(v[0]));
  };
  u32(1);
  u32(c.name_length);
  out += "c";
  out.push_back(static_cast<char>(c.type));
  out.push_back(1);
  vec(c.valid);
  vec(c.bools);
  vec(c.i32);
  vec(c.i64);
  vec(c.u64);
  vec(c.f64);
  u64(c.chars.size());
  out += c.chars;
  vec(c.offsets);
  vec(c.list_offsets);
  return out;
}

TEST(TableTest, DeserializeRefusesWhatAppendingCouldNotHaveBuilt) {
  // The bytes come from a worker process (extract/python): found by fuzzing
  // (tests/fuzz/fuzz_python_protocol.cc), each of these read outside a vector or allocated what
  // a length claimed.
  Table t;
  RawColumn ok{.type = ColumnType::kString, .valid = {1, 1}, .chars = "abcd", .offsets = {0, 1, 4}};
  ASSERT_TRUE(Table::Deserialize(Raw(ok), &t));
  EXPECT_EQ(t.column(0).GetString(1), "bcd");
  RawColumn backwards = ok;
  backwards.offsets = {0, 5,
                       4};  // past the end, then back: the second string ends before it starts
  EXPECT_FALSE(Table::Deserialize(Raw(backwards), &t));
  RawColumn past_end = ok;
  past_end.offsets = {0, 1, 9};
  EXPECT_FALSE(Table::Deserialize(Raw(past_end), &t));
  RawColumn short_payload{.type = ColumnType::kInt64, .valid = {1, 1, 1}, .i64 = {5}};
  EXPECT_FALSE(Table::Deserialize(Raw(short_payload), &t));  // 3 rows, 1 value
  RawColumn wrong_vector{.type = ColumnType::kDouble, .valid = {1}, .i64 = {5}};
  EXPECT_FALSE(Table::Deserialize(Raw(wrong_vector), &t));
  RawColumn list{.type = ColumnType::kStringList,
                 .valid = {1},
                 .chars = "ab",
                 .offsets = {0, 1, 2},
                 .list_offsets = {0, 2}};
  ASSERT_TRUE(Table::Deserialize(Raw(list), &t));
  EXPECT_EQ(t.column(0).ListItem(0, 1), "b");
  RawColumn list_past_items = list;
  list_past_items.list_offsets = {0, 5};
  EXPECT_FALSE(Table::Deserialize(Raw(list_past_items), &t));
  RawColumn huge_name = ok;
  huge_name.name_length = 0xFFFFFFF0;  // 4 GB claimed, 1 byte there
  EXPECT_FALSE(Table::Deserialize(Raw(huge_name), &t));
  RawColumn empty{.type = ColumnType::kInt32};  // no rows, every vector empty
  ASSERT_TRUE(Table::Deserialize(Raw(empty), &t));
  EXPECT_EQ(t.num_rows(), 0u);
}

TEST(TableTest, AppendRowCopiesValues) {
  Table t = TwoRows();
  Table u(t.schema());
  u.AppendRow(t, 1);
  u.AppendRow(t.GetRow(0));
  EXPECT_EQ(u.GetRow(0), t.GetRow(1));
  EXPECT_EQ(u.GetRow(1), t.GetRow(0));
}

TEST(TableTest, AppendTableEqualsAppendingEveryRow) {
  Table bulk = TwoRows();
  bulk.AppendTable(TwoRows());
  bulk.AppendTable(Table(TestSchema()));
  Table rows = TwoRows();
  for (size_t r = 0; r < 2; ++r) rows.AppendRow(TwoRows(), r);
  bulk.CheckConsistent();
  ASSERT_EQ(bulk.num_rows(), 4u);
  for (size_t r = 0; r < 4; ++r) EXPECT_EQ(bulk.GetRow(r), rows.GetRow(r));
  EXPECT_EQ(bulk.column("tags").ListItem(2, 2), "c");
  std::string a, b;
  bulk.SerializeTo(&a);
  rows.SerializeTo(&b);
  EXPECT_TRUE(a == b);
}

TEST(TableTest, AppendTableCopiesEveryRowInBulk) {
  Table t = TwoRows();
  Table u(t.schema());
  u.AppendRow(t, 1);
  u.AppendTable(t);
  u.AppendTable(Table(t.schema()));
  u.AppendTable(t);
  ASSERT_EQ(u.num_rows(), 5u);
  u.CheckConsistent();
  EXPECT_EQ(u.GetRow(0), t.GetRow(1));
  for (size_t r = 0; r < 2; ++r) {
    EXPECT_EQ(u.GetRow(1 + r), t.GetRow(r));
    EXPECT_EQ(u.GetRow(3 + r), t.GetRow(r));
  }
  // The list items and offsets keep working after the bulk copy.
  u.column("tags").AppendStringList({"z"});
  EXPECT_EQ(u.column("tags").ListItem(5, 0), "z");
}

TEST(TableTest, TruncateKeepsTheFirstRows) {
  Table t = TwoRows();
  t.AppendTable(TwoRows());
  t.Truncate(3);
  ASSERT_EQ(t.num_rows(), 3u);
  t.CheckConsistent();
  EXPECT_EQ(t.GetRow(2), TwoRows().GetRow(0));
  t.Truncate(1);
  t.AppendRow(TwoRows(), 1);
  EXPECT_EQ(t.GetRow(0), TwoRows().GetRow(0));
  EXPECT_EQ(t.GetRow(1), TwoRows().GetRow(1));
  t.Truncate(0);
  EXPECT_EQ(t.num_rows(), 0u);
}

TEST(ValueTest, OrdersNullFirstAndWithinType) {
  EXPECT_LT(Value::Null(ColumnType::kInt64).Compare(Value::Int64(-5)), 0);
  EXPECT_LT(Value::String("a").Compare(Value::String("b")), 0);
  EXPECT_EQ(Value::UInt64(3).Compare(Value::UInt64(3)), 0);
}

TEST(TableDeathTest, WrongTypeIsABug) {
  Table t(TestSchema());
  EXPECT_DEATH(t.column("id").AppendString("x"), "appending VARCHAR to a UBIGINT column");
}

}  // namespace
}  // namespace codeanatomy::base
