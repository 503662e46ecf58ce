// Window commands on the display's control VC (host/media/display_control.h): the
// byte layout of doc/wire_formats.md ("Display window commands"), the range checks,
// and DisplayModel applying them to its shadow table.
#include "host/media/display_control.h"

#include <gtest/gtest.h>

#include <vector>

#include "host/display/display_model.h"

namespace pegasus::display {
namespace {

using media::WindowCommand;

std::vector<uint8_t> Encode(std::vector<WindowCommand> cmds) {
  return media::EncodeWindowCommands(cmds);
}

TEST(WindowCommands, ByteLayoutFollowsTheFormat) {
  const auto b = Encode({media::SetDescriptorCommand(7, -2, 300, 1, 2, 0x123, 4095, 15, true)});
  const std::vector<uint8_t> want = {2,    7,    1,    15,   0xFF, 0xFE, 0x01, 0x2C,
                                     0x00, 0x01, 0x00, 0x02, 0x01, 0x23, 0x0F, 0xFF};
  EXPECT_EQ(b, want);
  EXPECT_EQ(Encode({media::SetEnableCommand(3, true)}),
            (std::vector<uint8_t>{3, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Encode({media::SetStackingCommand(15, 9)}),
            (std::vector<uint8_t>{4, 15, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(WindowCommands, RoundTripOfSeveralCommands) {
  const std::vector<WindowCommand> cmds = {
      media::SetDescriptorCommand(0, -2048, 2047, 0, 0, 4095, 4095, 0, true),
      media::SetEnableCommand(1, false), media::SetStackingCommand(2, 15)};
  auto got = media::ParseWindowCommands(media::EncodeWindowCommands(cmds));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, cmds);
}

TEST(WindowCommands, MalformedPdusAreRejectedWithAReason) {
  const WindowCommand good = media::SetDescriptorCommand(1, 0, 0, 0, 0, 9, 9, 1, true);
  auto bad = [&](auto change, int num_windows = 16) {
    WindowCommand c = good;
    change(c);
    return media::ParseWindowCommands(Encode({c}), num_windows);
  };
  EXPECT_FALSE(media::ParseWindowCommands({}).ok());
  std::vector<uint8_t> odd = Encode({good});
  odd.push_back(0);
  EXPECT_FALSE(media::ParseWindowCommands(odd).ok());
  EXPECT_FALSE(media::ParseWindowCommands(Encode(std::vector<WindowCommand>(65, good))).ok());
  EXPECT_TRUE(media::ParseWindowCommands(Encode(std::vector<WindowCommand>(64, good))).ok());
  EXPECT_FALSE(media::ParseWindowCommands(Encode({good, good}), 16, 1).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.type = 1; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.type = 5; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.window = 16; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.window = 4; }, 4).ok());
  EXPECT_TRUE(bad([](WindowCommand& c) { c.window = 31; }, 32).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.enable = 2; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.z = 16; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.off_x = 2048; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.off_y = -2049; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) { c.y1 = 4096; }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) {
                 c.type = media::kWindowSetEnable;
                 c.z = 0;
                 c.x0 = 1;
               }).ok());
  EXPECT_FALSE(bad([](WindowCommand& c) {
                 c.type = media::kWindowSetStacking;
                 c.enable = 1;
                 c.off_x = c.off_y = c.x0 = c.y0 = c.x1 = c.y1 = 0;
               }).ok());
  const auto why = bad([](WindowCommand& c) { c.window = 20; });
  EXPECT_NE(why.status().message().find("window 20"), std::string::npos) << why.status().ToString();
}

TEST(WindowCommands, ModelAppliesThemToTheShadowInOrder) {
  DisplayModel m;
  m.SetControlVc(true, 40);
  m.WriteShadow(3, MakeWindow(1, 2, 3, 4, 5, 6, 7, true));
  m.Blit(40, Encode({media::SetEnableCommand(3, false), media::SetStackingCommand(3, 12),
                     media::SetDescriptorCommand(9, -5, 6, 7, 8, 100, 90, 2, true)}));
  EXPECT_EQ(m.shadow(3), MakeWindow(1, 2, 3, 4, 5, 6, 12, false));
  EXPECT_EQ(m.shadow(9), MakeWindow(-5, 6, 7, 8, 100, 90, 2, true));
  EXPECT_FALSE(m.active(9).enable);  // until the frame boundary
  m.Swap();
  EXPECT_TRUE(m.active(9).enable);
  EXPECT_EQ(m.counters().ctl_msgs, 3u);
  // A bad PDU changes nothing; off the control VC, the same bytes are a bad tile PDU.
  m.Blit(40, Encode({media::SetEnableCommand(9, false), media::SetStackingCommand(20, 1)}));
  EXPECT_TRUE(m.shadow(9).enable);
  EXPECT_EQ(m.counters().ctl_drop, 1u);
  m.Blit(41, Encode({media::SetEnableCommand(9, false)}));
  EXPECT_EQ(m.counters().drop_malformed, 1u);
  EXPECT_EQ(m.counters().ctl_msgs, 3u);
}

}  // namespace
}  // namespace pegasus::display
