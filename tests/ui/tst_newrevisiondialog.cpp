// SPDX-License-Identifier: GPL-3.0-or-later
// The New Revision dialog asks what `retort revision` takes (message, head, branch label, depends on),
// keeps OK off until the answers make a revision, says why, and its answers write that revision.
#include "ui/NewRevisionDialog.h"

#include "DemoProject.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;
using namespace retort::ui;
using namespace retort::testing;

namespace {

template <typename T> T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}

QPushButton *okOf(NewRevisionDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

// Selects the head entry whose data is `id`.
void chooseHead(NewRevisionDialog &dialog, const QString &id)
{
    auto *heads = child<QComboBox>(dialog, "newRevisionHead");
    heads->setCurrentIndex(heads->findData(id));
}

} // namespace

class TestNewRevisionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QString problem;
        m_ini = makeDemoProject(*m_dir, Baseline, &problem);
        QVERIFY2(!m_ini.isEmpty(), qPrintable(problem));
    }

    void oneHeadNeedsOnlyAMessage()
    {
        const ScriptDirectory scripts = load();
        NewRevisionDialog dialog(scripts.map());
        QVERIFY(!okOf(dialog)->isEnabled());
        QCOMPARE(dialog.problem(), QStringLiteral("Write what the revision does."));
        QTest::keyClicks(child<QLineEdit>(dialog, "newRevisionMessage"), QStringLiteral("add orders table"));
        QVERIFY(okOf(dialog)->isEnabled());
        QVERIFY(child<QLabel>(dialog, "newRevisionProblem")->isHidden());
        const ScriptDirectory::NewRevision request = dialog.request();
        QCOMPARE(request.message, QStringLiteral("add orders table"));
        QCOMPARE(request.heads, QStringList{DemoHead});
        QVERIFY(request.branchLabels.isEmpty());
        QVERIFY(request.dependsOn.isEmpty());
    }

    void severalHeadsNeedAChoice()
    {
        QVERIFY(writeFile(m_dir->filePath(QStringLiteral("versions/feed00000001_side.sql")),
                          QStringLiteral("-- side\n--\n-- Revision ID: feed00000001\n-- Revises: %1\n\n"
                                         "-- migrate:upgrade\n\n-- migrate:downgrade\n")
                              .arg(AfterBaseline)));
        const ScriptDirectory scripts = load();
        QCOMPARE(scripts.map().heads().size(), 2);
        NewRevisionDialog dialog(scripts.map());
        QTest::keyClicks(child<QLineEdit>(dialog, "newRevisionMessage"), QStringLiteral("next"));
        QVERIFY(!okOf(dialog)->isEnabled());
        QVERIFY2(dialog.problem().contains(QStringLiteral("several heads")), qPrintable(dialog.problem()));
        chooseHead(dialog, QStringLiteral("feed00000001"));
        QVERIFY(okOf(dialog)->isEnabled());
        QCOMPARE(dialog.request().heads, QStringList{QStringLiteral("feed00000001")});
    }

    void newBranchWithLabelAndDependency()
    {
        ScriptDirectory scripts = load();
        NewRevisionDialog dialog(scripts.map());
        QTest::keyClicks(child<QLineEdit>(dialog, "newRevisionMessage"), QStringLiteral("reports schema"));
        chooseHead(dialog, QStringLiteral("base"));
        QVERIFY(!okOf(dialog)->isEnabled());
        QCOMPARE(dialog.problem(), QStringLiteral("A revision that starts a new branch needs a branch label."));
        auto *label = child<QLineEdit>(dialog, "newRevisionBranchLabel");
        QTest::keyClicks(label, QStringLiteral("reports two"));
        QCOMPARE(dialog.problem(), QStringLiteral("One branch label, without spaces or commas."));
        label->setText(QStringLiteral("reports"));
        QTest::keyClicks(child<QLineEdit>(dialog, "newRevisionDependsOn"), QStringLiteral("3f1c2a9b7d10, audit"));
        QVERIFY(okOf(dialog)->isEnabled());
        const ScriptDirectory::NewRevision request = dialog.request();
        QCOMPARE(request.heads, QStringList{QStringLiteral("base")});
        QCOMPARE(request.branchLabels, QStringList{QStringLiteral("reports")});
        QCOMPARE(request.dependsOn, (QStringList{AfterBaseline, QStringLiteral("audit")}));

        // What the answers write: a new base on its own branch, depending on what was named.
        const Result<QString> path = scripts.createRevision(request);
        QVERIFY2(path.ok(), qPrintable(path.ok() ? QString() : path.error().message));
        const QString text = readFile(path.value());
        QVERIFY2(text.contains(QStringLiteral("-- Revises: \n")) || text.contains(QStringLiteral("-- Revises:\n")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("-- Branch Labels: reports\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("-- Depends On: 3f1c2a9b7d10, audit\n")), qPrintable(text));
        QCOMPARE(load().map().heads().size(), 2);
    }

private:
    ScriptDirectory load() const
    {
        Result<ScriptDirectory> scripts =
            ScriptDirectory::load(QStringList{m_dir->filePath(QStringLiteral("versions"))});
        if (!scripts.ok())
            qFatal("%s", qPrintable(scripts.error().message));
        return std::move(scripts).value();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_ini;
};

QTEST_MAIN(TestNewRevisionDialog)
#include "tst_newrevisiondialog.moc"
