// The typed layer line and the .npy imports in the App, without a window: --layer and the Action take the
// layer's parameters through apply_actions, an unreadable line keeps the scene and says where it went
// wrong, and imported tensors that do not fit keep the scene and explain with the shapes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "app/app.h"
#include "app/gui_options.h"
#include "core/npy.h"
#include "core/pytorch_text.h"

namespace convstep {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

App started_app(const GuiOptions& options, std::string* messages = nullptr) {
  App app;
  std::ostringstream err;
  init_app(app, options, err);
  if (messages) *messages = err.str();
  return app;
}

const Scene& scene_of(const App& app) {
  return app.model.lesson.stepper->scene();
}

class LayerLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("convstep_layer_line_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string save(const std::string& name, const Tensor& t) {
    const std::string p = (dir_ / name).string();
    EXPECT_TRUE(write_npy(p, t).ok());
    return p;
  }
  fs::path dir_;
};

TEST_F(LayerLineTest, TheLayerOptionGivesTheSceneTheLayersParameters) {
  GuiOptions options;
  options.layer = "nn.Conv2d(1, 4, kernel_size=3, stride=2, padding=1)";
  const App app = started_app(options);
  EXPECT_EQ(pytorch_layer(scene_of(app)), "nn.Conv2d(1, 4, kernel_size=3, stride=2, padding=1)");
  EXPECT_EQ(scene_of(app).weight.shape(), (Shape{4, 1, 3, 3}));
  EXPECT_TRUE(app.model.layer_error.message.empty());
}

TEST_F(LayerLineTest, AnUnreadableLayerOptionKeepsTheLessonAndPrintsTheCaret) {
  GuiOptions options;
  options.layer = "nn.Conv2d(1, 4, x)";
  std::string messages;
  const App app = started_app(options, &messages);
  EXPECT_EQ(pytorch_layer(scene_of(app)), "nn.Conv2d(1, 1, kernel_size=3, bias=False)");
  EXPECT_EQ(app.model.layer_error.column, 17u);
  // The refused line waits in the open field.
  EXPECT_TRUE(app.ui.layer_field_open);
  EXPECT_STREQ(app.ui.layer_text, "nn.Conv2d(1, 4, x)");
  EXPECT_THAT(messages,
              HasSubstr("convstep: --layer: column 17: expected a number, got 'x'\n  nn.Conv2d(1, 4, x)\n"));
}

TEST_F(LayerLineTest, TheTypedLayerActionChangesTheSceneOrKeepsItWithTheColumn) {
  App app = started_app({});
  app.ui.layer_field_open = true;
  Actions typed;
  typed.layer_line = "nn.MaxPool2d(2, stride=1)";
  EXPECT_TRUE(apply_actions(app, typed));
  EXPECT_EQ(scene_of(app).params.op, Op::kMaxPool2d);
  EXPECT_FALSE(app.ui.layer_field_open);  // closed once its layer is on screen
  EXPECT_EQ(app.model.lesson.stepper->step_count(), 16);

  Actions broken;
  broken.layer_line = "nn.Conv2d(1, 1, 3, strides=2)";
  apply_actions(app, broken);
  EXPECT_EQ(scene_of(app).params.op, Op::kMaxPool2d);
  EXPECT_EQ(app.model.layer_error.line, "nn.Conv2d(1, 1, 3, strides=2)");
  EXPECT_EQ(app.model.layer_error.column, 20u);
  EXPECT_THAT(app.model.layer_error.message, HasSubstr("unknown keyword 'strides'"));

  Actions too_big;
  too_big.layer_line = "nn.Conv2d(1, 1, 9)";
  apply_actions(app, too_big);
  EXPECT_EQ(scene_of(app).params.op, Op::kMaxPool2d);
  EXPECT_EQ(app.model.layer_error.column, 0u);
  EXPECT_THAT(app.model.edit_error.message, HasSubstr("(9)"));
  EXPECT_FALSE(app.model.edit_error.suggestions.empty());

  Actions dismiss;
  dismiss.dismiss_error = true;
  apply_actions(app, dismiss);
  EXPECT_TRUE(app.model.layer_error.message.empty());
}

TEST_F(LayerLineTest, AnImportedWeightThatDoesNotFitKeepsTheSceneAndExplains) {
  GuiOptions options;
  options.weight = save("w.npy", Tensor({8, 3, 3, 3}, 1.0f));
  std::string messages;
  const App app = started_app(options, &messages);
  EXPECT_EQ(scene_of(app).weight.shape(), (Shape{1, 1, 3, 3}));
  EXPECT_THAT(app.model.edit_error.message,
              HasSubstr("weight [8, 3, 3, 3] needs in_channels = 3, but the input [1, 5, 5] has 1 channel"));
  EXPECT_THAT(messages, HasSubstr("needs in_channels = 3"));
}

TEST_F(LayerLineTest, AnInputAndWeightImportedTogetherBecomeTheScene) {
  GuiOptions options;
  options.input = save("x.npy", Tensor({3, 6, 6}, 1.0f));
  options.weight = save("w.npy", Tensor({8, 3, 3, 3}, 1.0f));
  const App app = started_app(options);
  EXPECT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_EQ(scene_of(app).input.shape(), (Shape{3, 6, 6}));
  EXPECT_EQ(scene_of(app).weight.shape(), (Shape{8, 3, 3, 3}));
  EXPECT_EQ(app.model.view.full_output.at({0, 0, 0}), 27.0f);
}

TEST_F(LayerLineTest, TheLayerComesBeforeTheImportsSoTheyMayFitIt) {
  GuiOptions options;
  options.layer = "nn.Conv2d(3, 8, 3, bias=False)";
  options.weight = save("w.npy", Tensor({8, 3, 3, 3}, 2.0f));
  const App app = started_app(options);
  EXPECT_TRUE(app.model.edit_error.message.empty()) << app.model.edit_error.message;
  EXPECT_EQ(scene_of(app).weight.values().front(), 2.0f);
  EXPECT_EQ(scene_of(app).input.shape(), (Shape{3, 5, 5}));
}

TEST_F(LayerLineTest, TheImportActionInstallsAFileAndNamesItOnFailure) {
  App app = started_app({});
  Actions a;
  a.imports.push_back({TensorSlot::kBias, save("b.npy", Tensor({2}, 1.0f))});
  apply_actions(app, a);
  EXPECT_FALSE(scene_of(app).bias.has_value());
  EXPECT_THAT(app.model.edit_error.message, HasSubstr("b.npy: bias [2] needs one value per output channel"));
  Actions ok;
  ok.imports.push_back({TensorSlot::kBias, save("b1.npy", Tensor({1}, 1.0f))});
  apply_actions(app, ok);
  ASSERT_TRUE(scene_of(app).bias.has_value());
  EXPECT_EQ(app.model.view.full_output.at({0, 0, 0}), 5.0f);
}

}  // namespace
}  // namespace convstep
