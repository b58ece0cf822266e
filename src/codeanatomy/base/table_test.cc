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
