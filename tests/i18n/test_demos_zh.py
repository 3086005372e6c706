"""The model demos in Chinese: every sentence of a run, the chart, the list and the help.

Short runs (a few epochs) of the real demos with the real catalog: what each step says, the
learning curve's labels, the seed article's explanation and the verdicts are Chinese, the
formulas and the seed's code stay as written, every line fits 80 terminal cells (a Chinese
character takes two), and ``--json`` does not change with the language.
"""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from tests.conftest import Cli

# Two English words in a row: a sentence left untranslated (formulas and code have none).
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def _no_english_sentence(out: str) -> None:
    left = [line for line in out.splitlines() if ENGLISH_WORDS.search(line)]
    assert not left, left


def _fits_80_columns(out: str) -> None:
    wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not wide, wide


def test_linreg_says_each_step_in_chinese(cli: Cli, narrow: None) -> None:
    result = cli("--lang", "zh", "demo", "linreg", "--epochs", "4")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("线性回归——在平方误差上做小批量梯度下降，梯度在批次内取平均\n")
    for line in [
        "合成数据",  # the data set's heading
        "1/7 数据预处理",
        "    2000 个合成样本，y = Xw + 3 + 噪声（σ = 0.5），8 个特征，尺度从 0.5 到 20",
        "    用训练集的均值和标准差对特征做标准化（这样一个学习率就适用于所有特征）",
        "    训练集 1200 · 验证集 400 · 测试集 400",
        "    ŷ = Xw + b，8 个权重和一个偏置",
        "    9 个参数",
        "    w ~ N(0, 0.01²), b = 0",  # a formula stays as it is
        "    4 轮 × 每轮 38 个小批量（每批 32 个样本），优化器 sgd（学习率 0.03）",
        "学习曲线（合成数据，每轮的损失）",
    ]:
        assert line + "\n" in out
    assert re.search(r"\n    训练前的验证集损失：\d+\.\d{4}\n", out)
    assert re.search(r"\n    最终训练损失 \d\.\d{4}\n", out)
    assert re.search(r"\n    损失 \d\.\d{4}\n", out)  # steps five and seven
    assert re.search(r"\n    lr = 0\.03：训练 1 轮后验证集损失 \d\.\d{4}", out)  # step six
    assert re.search(
        r"\n    最小二乘（闭式解）的测试集均方误差 \d\.\d{4}；梯度下降 / 最小二乘 = \d\.\d{4}\n", out
    )
    assert "● 训练集   ○ 验证集   （对数刻度）" in out and "轮次" in out
    assert "出错原因          它从不对梯度求平均：" in out  # the seed article's mistake
    assert "theta = np.random.randn(2, 1)" in out  # its code as written
    assert re.search(r"\n[✓✗] 测试集均方误差与最小二乘解相差不超过 5%\n", out)
    _no_english_sentence(out)
    _fits_80_columns(out)


def test_mlp_names_its_data_sets_and_draws_its_maps_in_chinese(cli: Cli, narrow: None) -> None:
    result = cli("--lang", "zh", "demo", "mlp", "--epochs", "2", "--hidden", "16")
    assert result.code == 0, result.err
    out = result.out
    for line in [
        "手写数字",
        "螺旋",
        "    1797 个手写数字，每个 64 像素（墨迹取值在 [0, 1] 内），共十类",
        "    4000 个点 (x₁, x₂)，分布在两条交错的螺旋臂上，每条臂一类",
        "    2 个输入 → 16 个 ReLU 单元 → 2 个 softmax 输出",
        "螺旋的测试点（● 臂 0，○ 臂 1）叠在各模型的判定区域上（· = 臂 0）：",
    ]:
        assert line + "\n" in out
    assert re.search(r"\n    损失 \d\.\d{4} · 准确率 \d+\.\d\d%\n", out)
    assert re.search(
        r"\n    同一划分上的线性模型（softmax 回归）：测试集准确率 \d+\.\d\d%（随机猜测为 50%）\n", out
    )
    assert re.search(r"\n[✓✗] 线性模型在螺旋上接近随机猜测（< 70%）\n", out)
    # Each map's title sits centred over its map, counted in cells.
    lines = out.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┌"))
    titles, borders = lines[top - 1], lines[top]
    second = borders.index("┌", 1)
    assert cell_len(borders[:second]) == 39  # two maps 36 cells wide, three apart
    for title, start in (("MLP，隐藏单元", 0), ("线性模型（softmax 回归）", 39)):
        at = titles.index(title)
        name = re.match(r"\S+(?: \S+)*", titles[at:])
        assert name is not None
        middle = cell_len(titles[:at]) + cell_len(name.group()) / 2
        assert abs(middle - (start + 18)) <= 1, (title, titles)
    _no_english_sentence(out)
    _fits_80_columns(out)


def test_a_demos_json_is_the_same_in_both_languages(cli: Cli) -> None:
    english = json.loads(cli("demo", "logreg", "--epochs", "3", "--json").out)
    chinese = json.loads(cli("--lang", "zh", "demo", "logreg", "--epochs", "3", "--json").out)
    english.pop("seconds"), chinese.pop("seconds")
    assert chinese == english
    assert english["targets"] == {"test accuracy >= 95%": True}
    assert list(english["curves"]) == ["digits 3 vs 8"]
    assert english["seed_article"]["fails_because"].startswith("p = X_b.dot(theta) has no sigmoid")
    assert cli("--lang", "zh", "demo", "list", "--json").out == cli("demo", "list", "--json").out


def test_demo_list_and_help_in_chinese_at_80_columns(cli: Cli, narrow: None) -> None:
    listing = cli("--lang", "zh", "demo", "list")
    assert listing.code == 0, listing.err
    assert "模型演示" in listing.out and "预期结果" in listing.out
    assert "合成数据：8" in listing.out  # the data column, wrapped by the table
    _no_english_sentence(listing.out)
    _fits_80_columns(listing.out)

    group = cli("--lang", "zh", "demo", "--help").out
    assert "  linreg       线性回归——在平方误差上做小批量梯度下降，梯度在批次内取平均\n" in group
    assert "autoencoder  去噪自编码器——自监督学习" in group
    _fits_80_columns(group)

    one = cli("--lang", "zh", "demo", "linreg", "--help").out
    assert "  线性回归——在平方误差上做小批量梯度下降，梯度在批次内取平均。预期结果：测试集\n" in one
    _fits_80_columns(one)


def test_a_demos_mistakes_are_said_in_chinese(cli: Cli) -> None:
    result = cli("--lang", "zh", "demo", "linreg", "--hidden", "8")
    assert result.code == 2
    assert (
        result.err.strip()
        == "tracker: 错误：--hidden：linreg 没有隐藏层（可以试试 mlp、cnn、rnn 或 autoencoder）"
    )
