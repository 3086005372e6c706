"""The shared pieces: splits, standardisation, losses, optimisers, clipping and the text chart."""

from __future__ import annotations

import numpy as np
import pytest

from tracker.demos import chart, data, losses, optim


def test_splits_partition_the_data_and_depend_only_on_the_seed() -> None:
    train, val, test = data.split_indices(100, np.random.default_rng(0))
    assert (len(train), len(val), len(test)) == (60, 20, 20)
    assert sorted(np.concatenate([train, val, test])) == list(range(100))
    again = data.split_indices(100, np.random.default_rng(0))
    assert all(np.array_equal(a, b) for a, b in zip((train, val, test), again, strict=True))


def test_standardising_uses_training_numbers_only() -> None:
    train = data.Dataset(np.array([[0.0, 5.0], [2.0, 5.0]], np.float32), np.zeros(2))
    other = data.Dataset(np.array([[4.0, 7.0]], np.float32), np.zeros(1))
    s_train, s_val, _ = data.standardise((train, other, other))
    np.testing.assert_allclose(s_train.x, [[-1.0, 0.0], [1.0, 0.0]])
    # Validation is scaled with the training mean (1) and spread (1); the constant column is only centred.
    np.testing.assert_allclose(s_val.x, [[3.0, 2.0]])


def test_digits_load_as_unit_interval_pixels_with_ten_labels() -> None:
    pixels, labels = data.load_digits()
    assert pixels.shape == (1797, 64) and pixels.dtype == np.float32
    assert pixels.min() >= 0.0 and pixels.max() == 1.0
    assert sorted(set(labels.tolist())) == list(range(10))


def test_softmax_cross_entropy_matches_its_definition() -> None:
    logits = np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    loss, grad = losses.softmax_cross_entropy(logits, np.array([2, 0]))
    p = np.exp(logits[0]) / np.exp(logits[0]).sum()
    assert np.isclose(loss, (-np.log(p[2]) + 0.0) / 2)  # the second row is certain and right
    assert np.allclose(grad.sum(axis=1), 0.0) and np.all(np.isfinite(grad))


def test_binary_cross_entropy_is_stable_for_large_scores() -> None:
    loss, grad = losses.binary_cross_entropy_with_logits(np.array([800.0, -800.0]), np.array([1.0, 0.0]))
    assert loss == pytest.approx(0.0, abs=1e-12) and np.allclose(grad, 0.0)
    loss, _ = losses.binary_cross_entropy_with_logits(np.array([800.0]), np.array([0.0]))
    assert loss == pytest.approx(800.0)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_each_optimiser_finds_the_bottom_of_a_bowl(name: str) -> None:
    params = {"x": np.array([3.0, -2.0])}
    opt = optim.make(name, 0.1)
    for _ in range(300):
        opt.step(params, {"x": 2 * (params["x"] - [1.0, 0.5])})
    np.testing.assert_allclose(params["x"], [1.0, 0.5], atol=1e-3)


def test_clipping_scales_all_gradients_together() -> None:
    grads = {"a": np.array([3.0]), "b": np.array([4.0])}
    assert optim.clip_global_norm(grads, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose([grads["a"][0], grads["b"][0]], [0.6, 0.8])
    small = {"a": np.array([0.3])}
    optim.clip_global_norm(small, 1.0)
    assert small["a"][0] == 0.3


def test_chart_draws_both_series_and_labels_the_range() -> None:
    lines = chart.line_chart(
        {"training": [3.0, 2.0, 1.5, 1.2], "validation": [3.1, 2.2, 1.9, None]}, width=20
    )
    text = "\n".join(lines)
    assert "●" in text and "○" in text and "● training" in text
    assert lines[0].lstrip().startswith("3.1") and "1.2" in lines[-4]
    top_row = lines[0].split("┤")[1]
    assert top_row[0] == "○"  # validation starts highest, in the first column


def test_chart_switches_to_log_scale_for_a_wide_range_and_survives_nothing() -> None:
    assert "(log scale)" in "\n".join(chart.line_chart({"loss": [900.0, 10.0, 0.3]}))
    assert chart.line_chart({"loss": [float("nan")]}) == ["(nothing to draw: no finite values)"]


def test_region_map_marks_regions_and_points() -> None:
    lines = chart.region_map([[0, 1], [1, 0]], [(0, 1, 0), (5, 5, 1)], title="m")
    assert lines[1:] == ["┌──┐", "│·●│", "│ ·│", "└──┘"]  # the out-of-range point is left out


def test_shade_images_maps_zero_to_blank_and_one_to_full_block() -> None:
    lines = chart.shade_images([[[0.0, 1.0]], [[0.5, 2.0]]], ["a", "b"])
    assert lines[1] == "  ██   ▒▒██"


def test_text_pictures_measure_chinese_in_terminal_cells() -> None:
    # A Chinese character takes two cells: titles and labels in the interface's language
    # keep the pictures' columns where they are in English.
    from rich.cells import cell_len

    assert chart.side_by_side(["标题", "ab"], ["x", "y"]) == ["标题   x", "ab     y"]
    region = chart.region_map([[0, 1, 1, 0]], [], title="线性")
    assert cell_len(region[0]) == cell_len(region[1]) == 6
    assert cell_len(chart.shade_images([[[0.0] * 8] * 8], ["去噪后"])[0]) == 16
    for label in ("epoch", "轮次"):
        lines = chart.line_chart({"a": [3.0, 2.0, 1.0]}, width=20, x_label=label)
        axis, numbers = lines[-3], lines[-2]
        assert cell_len(numbers) == cell_len(axis) - 1 and numbers.endswith("3")
