// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/ScriptDirectory.h"
#include "ui/graph/GraphDelegate.h"
#include "ui/graph/RevisionGraphModel.h"

#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QtTest>

using retort::GraphRow;
using retort::LaneLine;
using retort::ScriptDirectory;
using retort::ui::GraphDelegate;
using retort::ui::RevisionGraphModel;
using Status = RevisionGraphModel::RevisionStatus;
using Part = LaneLine::Part;

class TestGraphDelegate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paletteIsFixedAndDistinct();
    void paintsHandMadeDiamond();
    void paintsDemoProject();
    void sizeHintFollowsLanes();

private:
    // Paints column 0 of every row into an image, one row under the other.
    static QImage paintRows(const QAbstractItemModel &model, const QFont &font, int width);
};

QImage TestGraphDelegate::paintRows(const QAbstractItemModel &model, const QFont &font, int width)
{
    const QFontMetrics metrics(font);
    const int height = GraphDelegate::rowHeight(metrics);
    QImage image(width, height * model.rowCount(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    GraphDelegate delegate;
    for (int row = 0; row < model.rowCount(); ++row) {
        QStyleOptionViewItem option;
        option.rect = QRect(0, row * height, width, height);
        option.font = font;
        option.fontMetrics = metrics;
        option.palette.setColor(QPalette::Base, Qt::white);
        option.palette.setColor(QPalette::Text, Qt::black);
        option.state = QStyle::State_Enabled;
        delegate.paint(&painter, option, model.index(row, 0));
    }
    painter.end();
    return image;
}

void TestGraphDelegate::paletteIsFixedAndDistinct()
{
    QVERIFY(GraphDelegate::paletteSize() >= 8);
    QSet<QRgb> colours;
    for (int i = 0; i < GraphDelegate::paletteSize(); ++i) {
        const QColor colour = GraphDelegate::laneColor(i);
        colours.insert(colour.rgb());
        // Mid-tones: neither near white nor near black, so both themes show them.
        QVERIFY2(colour.lightness() > 60 && colour.lightness() < 215, qPrintable(colour.name()));
    }
    QCOMPARE(colours.size(), GraphDelegate::paletteSize());
    QCOMPARE(GraphDelegate::laneColor(GraphDelegate::paletteSize() + 2), GraphDelegate::laneColor(2));
    QCOMPARE(GraphDelegate::laneColor(-1), GraphDelegate::laneColor(GraphDelegate::paletteSize() - 1));
}

void TestGraphDelegate::paintsHandMadeDiamond()
{
    // head (lane 0) -> two children of a branch point: a (lane 0), b (lane 1) -> base (lane 0).
    struct Node
    {
        GraphRow row;
        Status status;
        int flags;
    };
    QVector<Node> nodes(4);
    nodes[0].row = GraphRow{0, 0, 0, {{Part::Lower, 0, 0, 0}, {Part::Lower, 0, 1, 1}}};
    nodes[0].status = Status::Current;
    nodes[0].flags = RevisionGraphModel::HeadNode | RevisionGraphModel::MergePointNode;
    nodes[1].row = GraphRow{1, 0, 0, {{Part::Upper, 0, 0, 0}, {Part::Lower, 0, 0, 0}, {Part::Through, 1, 1, 1}}};
    nodes[1].status = Status::Applied;
    nodes[2].row = GraphRow{2, 1, 1, {{Part::Through, 0, 0, 0}, {Part::Upper, 1, 1, 1}, {Part::Lower, 1, 0, 1}}};
    nodes[2].status = Status::Applied;
    nodes[3].row = GraphRow{3, 0, 0, {{Part::Upper, 0, 0, 0}, {Part::Upper, 0, 0, 1}}};
    nodes[3].status = Status::Pending;
    nodes[3].flags = RevisionGraphModel::BaseNode | RevisionGraphModel::BranchPointNode;

    QStandardItemModel model(int(nodes.size()), 1);
    for (int i = 0; i < nodes.size(); ++i) {
        QStandardItem *item = model.item(i, 0) ? model.item(i, 0) : new QStandardItem;
        item->setData(QVariant::fromValue(nodes[i].row), RevisionGraphModel::GraphRowRole);
        item->setData(QVariant::fromValue(nodes[i].status), RevisionGraphModel::StatusRole);
        item->setData(nodes[i].flags, RevisionGraphModel::NodeFlagsRole);
        item->setData(2, RevisionGraphModel::LaneCountRole);
        model.setItem(i, 0, item);
    }

    QFont font;
    font.setPixelSize(14);
    const QFontMetrics metrics(font);
    const int height = GraphDelegate::rowHeight(metrics);
    const QImage image = paintRows(model, font, 2 * GraphDelegate::laneWidth(metrics));
    for (int i = 0; i < 3; ++i) {
        const QRect cell(0, i * height, image.width(), height);
        const QPoint centre = GraphDelegate::nodeCenter(cell, nodes[i].row.lane, metrics).toPoint();
        QCOMPARE(QColor(image.pixel(centre)), GraphDelegate::laneColor(nodes[i].row.palette));
    }
    // The pending base is hollow: its centre shows the base colour, its rim the lane colour.
    const QRect baseCell(0, 3 * height, image.width(), height);
    const QPointF baseCentre = GraphDelegate::nodeCenter(baseCell, 0, metrics);
    QCOMPARE(QColor(image.pixel(baseCentre.toPoint())), QColor(Qt::white));
    // The line from the branch point's lower part reaches the bottom of row 2 in lane 0.
    const QPoint lineEnd(int(GraphDelegate::nodeCenter(baseCell, 0, metrics).x()), 3 * height - 1);
    QVERIFY(QColor(image.pixel(lineEnd)) != QColor(Qt::white));
}

void TestGraphDelegate::paintsDemoProject()
{
    auto loaded = ScriptDirectory::load(QStringList{QStringLiteral(RETORT_SOURCE_DIR "/migrations/demo/versions")});
    QVERIFY(loaded.ok());
    RevisionGraphModel model;
    model.setScripts(std::make_shared<const ScriptDirectory>(std::move(loaded).value()));
    model.setCurrentRows({QStringLiteral("b1f6a8d2c453")}); // everything applied
    QVERIFY(model.laneCount() >= 2);

    QFont font;
    font.setPixelSize(13);
    const QFontMetrics metrics(font);
    const int height = GraphDelegate::rowHeight(metrics);
    const QImage image = paintRows(model, font, model.laneCount() * GraphDelegate::laneWidth(metrics));
    QSet<int> lanesSeen;
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto graphRow = model.index(row, 0).data(RevisionGraphModel::GraphRowRole).value<GraphRow>();
        lanesSeen.insert(graphRow.lane);
        const QRect cell(0, row * height, image.width(), height);
        const QPoint centre = GraphDelegate::nodeCenter(cell, graphRow.lane, metrics).toPoint();
        QCOMPARE(QColor(image.pixel(centre)), GraphDelegate::laneColor(graphRow.palette));
    }
    QVERIFY(lanesSeen.size() >= 2); // the audit branch has a lane of its own
}

void TestGraphDelegate::sizeHintFollowsLanes()
{
    QStandardItemModel model(1, 2);
    model.setData(model.index(0, 0), 3, RevisionGraphModel::LaneCountRole);
    GraphDelegate delegate;
    QStyleOptionViewItem option;
    QFont font;
    font.setPixelSize(12);
    option.font = font;
    option.fontMetrics = QFontMetrics(font);
    const QSize hint = delegate.sizeHint(option, model.index(0, 0));
    QCOMPARE(hint.width(), 3 * GraphDelegate::laneWidth(option.fontMetrics));
    QCOMPARE(hint.height(), GraphDelegate::rowHeight(option.fontMetrics));
}

QTEST_MAIN(TestGraphDelegate)
#include "tst_graphdelegate.moc"
