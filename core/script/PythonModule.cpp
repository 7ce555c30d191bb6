// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/script/PythonModule.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>
#include <iterator>

namespace retort {

namespace {

// Deep enough for a constant re-exported through a package or two; a cycle of imports stops here too.
constexpr int kMaxImportDepth = 6;
// Module files larger than this are not read for a constant: no settings module is.
constexpr qint64 kMaxModuleBytes = 4 * 1024 * 1024;

const QLatin1StringView kProjectMarkers[] = {QLatin1StringView(".git"), QLatin1StringView("pyproject.toml"),
                                             QLatin1StringView("setup.py"), QLatin1StringView("setup.cfg")};

bool isAssignOp(const PythonToken &token)
{
    return token.kind == PythonTokenKind::Op && token.text == u'=';
}

bool isAugmentedAssignOp(const PythonToken &token)
{
    return token.kind == PythonTokenKind::Op && token.text.size() >= 2 && token.text.endsWith(u'=') &&
           token.text != QLatin1StringView("==") && token.text != QLatin1StringView("!=") &&
           token.text != QLatin1StringView("<=") && token.text != QLatin1StringView(">=") &&
           token.text != QLatin1StringView(":=");
}

const QLatin1StringView kBlockKeywords[] = {
    QLatin1StringView("if"),     QLatin1StringView("elif"),    QLatin1StringView("else"), QLatin1StringView("try"),
    QLatin1StringView("except"), QLatin1StringView("finally"), QLatin1StringView("for"),  QLatin1StringView("while"),
    QLatin1StringView("with"),   QLatin1StringView("match"),   QLatin1StringView("case")};

bool startsBlock(const PythonToken &first, const PythonToken *second)
{
    for (QLatin1StringView keyword : kBlockKeywords) {
        if (first.isName(keyword)) {
            // "match" and "case" are keywords only when a statement follows, not in "match = 1".
            return !(
                second &&
                (isAssignOp(*second) || second->is(QLatin1StringView(":")) || second->is(QLatin1StringView("."))) &&
                (keyword == QLatin1StringView("match") || keyword == QLatin1StringView("case")));
        }
    }
    return false;
}

bool startsScope(const PythonToken &first)
{
    return first.isName(QLatin1StringView("def")) || first.isName(QLatin1StringView("class")) ||
           first.isName(QLatin1StringView("async")) || first.is(QLatin1StringView("@"));
}

} // namespace

PythonFiles PythonFiles::disk()
{
    PythonFiles files;
    files.read = [](const QString &path) -> std::optional<QString> {
        QFile file(path);
        if (file.size() > kMaxModuleBytes || !file.open(QIODevice::ReadOnly))
            return std::nullopt;
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = decoder(file.readAll());
        if (decoder.hasError())
            return std::nullopt;
        return text;
    };
    files.exists = [](const QString &path) { return QFileInfo::exists(path); };
    return files;
}

PythonFiles PythonFiles::none()
{
    PythonFiles files;
    files.read = [](const QString &) { return std::optional<QString>(); };
    files.exists = [](const QString &) { return false; };
    return files;
}

PythonModule::PythonModule(const PythonSource &source, const QString &path, const PythonFiles &files, int depth)
    : m_source(source), m_path(path), m_folder(QFileInfo(path).absolutePath()), m_files(files), m_depth(depth)
{
    run();
}

int PythonModule::boundAt(const QString &name) const
{
    return m_boundAt.value(name);
}

QString PythonModule::findModule(const QString &dottedName, const QString &folder, const PythonFiles &files)
{
    qsizetype level = 0;
    while (level < dottedName.size() && dottedName[level] == u'.')
        ++level;
    const QString relative = dottedName.mid(level).split(u'.', Qt::SkipEmptyParts).join(u'/');
    auto candidate = [&files, &relative](const QString &base) -> QString {
        const QString stem = relative.isEmpty() ? base : base + u'/' + relative;
        if (!relative.isEmpty() && files.exists(stem + QStringLiteral(".py")))
            return stem + QStringLiteral(".py");
        if (files.exists(stem + QStringLiteral("/__init__.py")))
            return stem + QStringLiteral("/__init__.py");
        if (relative.isEmpty() || files.exists(stem))
            return stem; // a namespace package: a folder without __init__.py
        return QString();
    };
    QDir dir(folder);
    if (level > 0) {
        for (qsizetype up = 1; up < level; ++up) {
            if (!dir.cdUp())
                return QString();
        }
        return candidate(dir.absolutePath());
    }
    while (true) {
        const QString base = dir.absolutePath();
        const QString found = candidate(base);
        if (!found.isEmpty())
            return found;
        bool isRoot = false;
        for (QLatin1StringView marker : kProjectMarkers)
            isRoot = isRoot || files.exists(base + u'/' + marker);
        if (isRoot || !dir.cdUp())
            return QString();
    }
}

PythonValue PythonModule::value(const QString &name)
{
    if (m_dynamicNamesAt > 0) {
        return PythonValue::unknown(m_dynamicNamesAt,
                                    QStringLiteral("the module sets names at run time (line %1), so only running it "
                                                   "tells the value of '%2'")
                                        .arg(m_dynamicNamesAt)
                                        .arg(name));
    }
    if (const auto global = m_globalAt.constFind(name); global != m_globalAt.cend()) {
        return PythonValue::unknown(*global, QStringLiteral("a function declares it global at line %1, so calling it "
                                                            "changes its value")
                                                 .arg(*global));
    }
    auto found = m_names.find(name);
    if (found == m_names.end()) {
        return PythonValue::unknown(
            0, QStringLiteral("'%1' is not assigned at the top level of %2").arg(name, QFileInfo(m_path).fileName()));
    }
    return resolve(*found, found->value.line);
}

PythonValue PythonModule::resolve(Binding &binding, int line)
{
    if (binding.importModule.isEmpty())
        return binding.value;
    // Followed once; the binding then holds what was found.
    const QString moduleName = binding.importModule;
    const QString importName = binding.importName;
    binding.importModule.clear();
    if (m_depth >= kMaxImportDepth) {
        binding.value =
            PythonValue::unknown(line, QStringLiteral("imports nest deeper than %1 modules").arg(kMaxImportDepth));
        return binding.value;
    }
    const QString file = findModule(moduleName, m_folder, m_files);
    if (file.isEmpty()) {
        binding.value = PythonValue::unknown(
            line, QStringLiteral("it comes from module '%1', which is not a file under the project (Retort reads "
                                 "the project's files; it does not import installed packages)")
                      .arg(moduleName));
        return binding.value;
    }
    const PythonValue module{PythonValue::Kind::Module, file, {}, line};
    binding.value = importName.isEmpty() ? module : attribute(module, importName, line);
    return binding.value;
}

PythonValue PythonModule::attribute(const PythonValue &module, const QString &name, int line)
{
    // A submodule of a package first (from pkg import submodule), then a constant of the module.
    const QFileInfo info(module.text);
    const bool package = info.fileName() == QLatin1StringView("__init__.py") || !module.text.endsWith(u".py");
    if (package) {
        const QString folder = info.fileName() == QLatin1StringView("__init__.py") ? info.absolutePath() : module.text;
        const QString submodule = findModule(QStringLiteral(".") + name, folder, m_files);
        if (!submodule.isEmpty())
            return {PythonValue::Kind::Module, submodule, {}, line};
        if (!module.text.endsWith(u".py"))
            return PythonValue::unknown(line, QStringLiteral("package %1 has no module %2").arg(module.text, name));
    }
    return constantOf(module.text, name, line);
}

PythonValue PythonModule::constantOf(const QString &moduleFile, const QString &name, int line)
{
    const std::optional<QString> text = m_files.read(moduleFile);
    if (!text)
        return PythonValue::unknown(line, QStringLiteral("%1 cannot be read as UTF-8 text").arg(moduleFile));
    m_filesRead.insert(moduleFile);
    const PythonSource source(*text);
    if (source.error()) {
        return PythonValue::unknown(
            line, QStringLiteral("%1:%2: %3")
                      .arg(moduleFile, QString::number(source.error()->line), source.error()->message));
    }
    PythonModule other(source, moduleFile, m_files, m_depth + 1);
    PythonValue found = other.value(name);
    for (const QString &file : other.filesRead())
        m_filesRead.insert(file);
    if (!found.isKnown() && found.line > 0 && !found.text.startsWith(moduleFile))
        found.text = QStringLiteral("%1:%2: %3").arg(moduleFile, QString::number(found.line), found.text);
    else if (!found.isKnown())
        found.text = QStringLiteral("%1: %2").arg(moduleFile, found.text);
    found.line = line;
    return found;
}

PythonValue PythonModule::evaluate(qsizetype begin, qsizetype end, int line)
{
    const PythonNames names{
        [this](const QString &name) { return value(name); },
        [this](const PythonValue &module, const QString &name, int at) { return attribute(module, name, at); }};
    return evaluatePythonExpression(m_source.tokens(), begin, end, line, names);
}

void PythonModule::run()
{
    const QVector<PythonToken> &tokens = m_source.tokens();
    const QVector<PythonLogicalLine> &lines = m_source.lines();
    // The top-level statement a deeper line belongs to: a def/class (its own scope, skipped) or a block
    // (if/try/for/while/with: its assignments are the module's, but only running it tells which run).
    enum class Owner
    {
        None,
        Scope,
        Block
    };
    Owner owner = Owner::None;
    QString blockKeyword;
    int blockLine = 0;
    for (const PythonLogicalLine &logical : lines) {
        if (logical.begin >= logical.end)
            continue;
        const PythonToken &first = tokens[logical.begin];
        const PythonToken *second = logical.begin + 1 < logical.end ? &tokens[logical.begin + 1] : nullptr;
        if (logical.indent > 0) {
            if (owner == Owner::Block) {
                markSetInBlock(logical, blockKeyword, blockLine);
                noteDynamicNames(logical);
            }
            continue;
        }
        if (startsScope(first)) {
            owner = Owner::Scope;
            noteDynamicNames(logical); // a module __getattr__
            continue;
        }
        if (startsBlock(first, second)) {
            // elif/else/except/finally go on the statement their chain started with: a name set in
            // both branches of one try is told at its first place.
            const bool continuesChain =
                owner == Owner::Block &&
                (first.isName(QLatin1StringView("elif")) || first.isName(QLatin1StringView("else")) ||
                 first.isName(QLatin1StringView("except")) || first.isName(QLatin1StringView("finally")));
            owner = Owner::Block;
            if (!continuesChain) {
                blockKeyword = first.text.toString();
                blockLine = logical.line;
            }
            markSetInBlock(logical, blockKeyword, blockLine); // "if x: revision = 'a'" on one line
            noteDynamicNames(logical);
            continue;
        }
        owner = Owner::None;
        noteDynamicNames(logical); // globals(), vars(), exec(), setattr() where the module runs them
        for (const auto &[from, to] : splitTopLevel(tokens, logical.begin, logical.end, QLatin1StringView(";"))) {
            if (from < to)
                bindStatement(from, to, tokens[from].line);
        }
    }
    findNamesSetAtRunTime();
}

void PythonModule::findNamesSetAtRunTime()
{
    // A function that declares a name global may rebind it whenever it is called: such a name, in any
    // order, is only known by running the module.
    const QVector<PythonToken> &tokens = m_source.tokens();
    for (qsizetype i = 0; i + 1 < tokens.size(); ++i) {
        const PythonToken &token = tokens[i];
        if (token.isName(QLatin1StringView("global"))) {
            for (qsizetype n = i + 1; n < tokens.size() && tokens[n].line == token.line; ++n) {
                if (tokens[n].kind == PythonTokenKind::Name && !m_globalAt.contains(tokens[n].text.toString()))
                    m_globalAt.insert(tokens[n].text.toString(), token.line);
                else if (!tokens[n].is(QLatin1StringView(",")))
                    break;
            }
            continue;
        }
    }
}

void PythonModule::noteDynamicNames(const PythonLogicalLine &logical)
{
    const QVector<PythonToken> &tokens = m_source.tokens();
    for (qsizetype i = logical.begin; i < logical.end && m_dynamicNamesAt == 0; ++i) {
        const PythonToken &token = tokens[i];
        const bool last = i + 1 >= logical.end;
        static const QLatin1StringView kCalls[] = {QLatin1StringView("globals"),   QLatin1StringView("vars"),
                                                   QLatin1StringView("locals"),    QLatin1StringView("exec"),
                                                   QLatin1StringView("eval"),      QLatin1StringView("setattr"),
                                                   QLatin1StringView("_getframe"), QLatin1StringView("__import__")};
        const bool call = !last && tokens[i + 1].is(QLatin1StringView("(")) &&
                          std::any_of(std::begin(kCalls), std::end(kCalls),
                                      [&token](QLatin1StringView name) { return token.isName(name); });
        // __dict__ and f_globals reach the namespace; "import *" and a module __getattr__ add names unseen.
        const bool namespaceAccess =
            token.isName(QLatin1StringView("__dict__")) || token.isName(QLatin1StringView("f_globals")) ||
            (token.is(QLatin1StringView("*")) && i > 0 && tokens[i - 1].isName(QLatin1StringView("import"))) ||
            (!last && token.isName(QLatin1StringView("def")) && tokens[i + 1].isName(QLatin1StringView("__getattr__")));
        if (call || namespaceAccess)
            m_dynamicNamesAt = token.line;
    }
}

void PythonModule::markSetInBlock(const PythonLogicalLine &logical, const QString &block, int blockLine)
{
    // Any name a module-level block mentions may be bound there (assignments, annotations, unpacking, for
    // and with targets, match captures, imports, del): only running the module tells, so each becomes unknown.
    // A later top-level assignment binds it again, as in Python.
    const QVector<PythonToken> &tokens = m_source.tokens();
    for (qsizetype i = logical.begin; i < logical.end; ++i) {
        const PythonToken &token = tokens[i];
        if (token.kind != PythonTokenKind::Name || (i > logical.begin && tokens[i - 1].is(QLatin1StringView("."))))
            continue;
        const QString name = token.text.toString();
        const auto earlier = m_names.constFind(name);
        if (earlier != m_names.cend() && earlier->setInBlockAt == blockLine)
            continue; // already told at its first place in this block
        m_names[name] = Binding{PythonValue::unknown(token.line, QStringLiteral("it is set inside the '%1' block that "
                                                                                "starts at line %2, so only running "
                                                                                "the module tells its value")
                                                                     .arg(block, QString::number(blockLine))),
                                {},
                                {},
                                blockLine};
        m_boundAt[name] = token.line;
    }
}

void PythonModule::bindImport(qsizetype begin, qsizetype end, int line)
{
    const QVector<PythonToken> &tokens = m_source.tokens();
    auto dotted = [&tokens, end](qsizetype &at) {
        QString name;
        while (at < end && (tokens[at].kind == PythonTokenKind::Name || tokens[at].is(QLatin1StringView(".")) ||
                            tokens[at].is(QLatin1StringView("...")))) {
            if (tokens[at].isName(QLatin1StringView("import")) || tokens[at].isName(QLatin1StringView("as")))
                break;
            name += tokens[at].text;
            ++at;
        }
        return name;
    };
    auto bind = [this, line](const QString &name, const QString &module, const QString &member) {
        m_names[name] = Binding{PythonValue{PythonValue::Kind::Unknown, {}, {}, line}, module, member};
        m_boundAt[name] = line;
    };
    qsizetype at = begin + 1;
    if (tokens[begin].isName(QLatin1StringView("import"))) {
        // import a.b.c [as x], d
        for (const auto &[from, to] : splitTopLevel(tokens, at, end, QLatin1StringView(","))) {
            qsizetype i = from;
            const QString module = dotted(i);
            if (module.isEmpty())
                continue;
            if (i + 1 < to && tokens[i].isName(QLatin1StringView("as")))
                bind(tokens[i + 1].text.toString(), module, {});
            else
                bind(module.section(u'.', 0, 0), module.section(u'.', 0, 0), {});
        }
        return;
    }
    // from X import a [as b], (c, d)
    const QString module = dotted(at);
    if (at >= end || !tokens[at].isName(QLatin1StringView("import")))
        return;
    ++at;
    if (at < end && tokens[at].is(QLatin1StringView("(")))
        ++at;
    for (const auto &[from, to] : splitTopLevel(tokens, at, end, QLatin1StringView(","))) {
        if (from >= to || tokens[from].kind != PythonTokenKind::Name)
            continue;
        const QString member = tokens[from].text.toString();
        const bool renamed = from + 2 < to && tokens[from + 1].isName(QLatin1StringView("as")) &&
                             tokens[from + 2].kind == PythonTokenKind::Name;
        bind(renamed ? tokens[from + 2].text.toString() : member, module, member);
    }
}

void PythonModule::bindStatement(qsizetype begin, qsizetype end, int line)
{
    const QVector<PythonToken> &tokens = m_source.tokens();
    for (qsizetype i = begin; i + 1 < end; ++i) {
        // (name := value) anywhere in a top-level statement binds the module's name too.
        if (tokens[i].kind == PythonTokenKind::Name && tokens[i + 1].is(QLatin1StringView(":="))) {
            m_names[tokens[i].text.toString()] = Binding{
                PythonValue::unknown(tokens[i].line, QStringLiteral("it is assigned by ':=' inside an expression at "
                                                                    "line %1")
                                                         .arg(tokens[i].line)),
                {},
                {}};
            m_boundAt[tokens[i].text.toString()] = tokens[i].line;
        }
    }
    const PythonToken &first = tokens[begin];
    if (first.isName(QLatin1StringView("import")) || first.isName(QLatin1StringView("from"))) {
        bindImport(begin, end, line);
        return;
    }
    if (first.isName(QLatin1StringView("del"))) {
        for (qsizetype i = begin + 1; i < end; ++i) {
            if (tokens[i].kind == PythonTokenKind::Name) {
                m_names.remove(tokens[i].text.toString());
                m_boundAt[tokens[i].text.toString()] = tokens[i].line;
            }
        }
        return;
    }
    // name OP= value
    if (first.kind == PythonTokenKind::Name && begin + 1 < end && isAugmentedAssignOp(tokens[begin + 1])) {
        const QString name = first.text.toString();
        PythonValue right = evaluate(begin + 2, end, line);
        PythonValue updated =
            tokens[begin + 1].text == QLatin1StringView("+=")
                ? concatenated(value(name), right, line)
                : PythonValue::unknown(line, QStringLiteral("it is changed by '%1' at line %2")
                                                 .arg(tokens[begin + 1].text.toString(), QString::number(line)));
        updated.line = line;
        m_names[name] = Binding{updated, {}, {}};
        m_boundAt[name] = line;
        return;
    }
    const auto parts = splitTopLevel(tokens, begin, end, QLatin1StringView("="));
    if (parts.size() < 2) {
        // An expression statement may change what a name holds (down_revision.append(...)): every name it
        // mentions becomes unknown. An annotation without a value binds nothing.
        if (begin + 1 < end && tokens[begin].kind == PythonTokenKind::Name &&
            tokens[begin + 1].is(QLatin1StringView(":")))
            return;
        for (qsizetype i = begin; i < end; ++i) {
            if (tokens[i].kind != PythonTokenKind::Name || (i > begin && tokens[i - 1].is(QLatin1StringView("."))) ||
                (i + 1 < end && tokens[i + 1].is(QLatin1StringView(":="))))
                continue;
            m_names[tokens[i].text.toString()] = Binding{
                PythonValue::unknown(line, QStringLiteral("the statement at line %1 may change it").arg(line)), {}, {}};
            m_boundAt[tokens[i].text.toString()] = line;
        }
        return;
    }
    // targets = ... = value; the first target may carry an annotation ("revision: str = ...").
    const auto &[valueFrom, valueTo] = parts.last();
    const PythonValue assigned = evaluate(valueFrom, valueTo, line);
    for (qsizetype p = 0; p + 1 < parts.size(); ++p) {
        const auto &[from, to] = parts[p];
        if (from >= to)
            continue;
        const bool singleName = tokens[from].kind == PythonTokenKind::Name &&
                                (from + 1 == to || (p == 0 && tokens[from + 1].is(QLatin1StringView(":"))));
        if (singleName) {
            m_names[tokens[from].text.toString()] = Binding{assigned, {}, {}};
            m_boundAt[tokens[from].text.toString()] = line;
            continue;
        }
        // a, b = ...; x.y = ...; d[k] = ...: names bound by unpacking are not followed.
        for (qsizetype i = from; i < to; ++i) {
            if (tokens[i].kind != PythonTokenKind::Name || (i > from && tokens[i - 1].is(QLatin1StringView("."))))
                continue;

            m_names[tokens[i].text.toString()] = Binding{
                PythonValue::unknown(line, QStringLiteral("it is unpacked from an expression at line %1").arg(line)),
                {},
                {}};
            m_boundAt[tokens[i].text.toString()] = line;
        }
    }
}

} // namespace retort
