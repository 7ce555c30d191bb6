// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lint/TokenStatementReader.h"

#include "core/lint/SqlTokens.h"

#include <initializer_list>

namespace retort {

namespace {

// A walk over a statement's tokens (or one clause of them: [position, end)).
class Cursor
{
public:
    Cursor(const SqlTokens &tokens, int begin, int end) : m_tokens(tokens), m_position(begin), m_end(end) {}

    bool atEnd() const { return m_position >= m_end; }
    const SqlToken *peek(int ahead = 0) const
    {
        return m_position + ahead < m_end ? &m_tokens[m_position + ahead] : nullptr;
    }
    bool peekWord(const char *keyword, int ahead = 0) const
    {
        const SqlToken *token = peek(ahead);
        return token && token->isWord(keyword);
    }
    bool accept(const char *keyword)
    {
        if (!peekWord(keyword))
            return false;
        ++m_position;
        return true;
    }
    // All of `keywords` in a row, or nothing consumed.
    bool acceptAll(std::initializer_list<const char *> keywords)
    {
        int ahead = 0;
        for (const char *keyword : keywords) {
            if (!peekWord(keyword, ahead++))
                return false;
        }
        m_position += ahead;
        return true;
    }
    bool acceptSymbol(char symbol)
    {
        const SqlToken *token = peek();
        if (!token || !token->isSymbol(symbol))
            return false;
        ++m_position;
        return true;
    }
    void skip(int count = 1) { m_position = qMin(m_position + count, m_end); }
    int position() const { return m_position; }
    int end() const { return m_end; }

    // A name, schema-qualified or not ("app"."users" reads as app.users); empty when none stands here.
    QString name()
    {
        const SqlToken *token = peek();
        if (!token || !token->isName())
            return {};
        QString result = token->text;
        ++m_position;
        while (peek() && peek()->isSymbol('.') && peek(1) && peek(1)->isName()) {
            result += QLatin1Char('.') + peek(1)->text;
            m_position += 2;
        }
        return result;
    }
    // A comma-separated list of names.
    QStringList names()
    {
        QStringList list;
        for (QString next = name(); !next.isEmpty(); next = acceptSymbol(',') ? name() : QString())
            list << next;
        return list;
    }
    // Whether a top-level keyword stands anywhere from here to the end (WHERE of an UPDATE, not of a subquery).
    bool containsTopLevel(const char *keyword) const
    {
        const int depth = peek() ? peek()->depth : 0;
        for (int i = m_position; i < m_end; ++i) {
            if (m_tokens[i].depth == depth && m_tokens[i].isWord(keyword))
                return true;
        }
        return false;
    }
    // Moves to the first top-level `keyword` from here; false (and not moved) when there is none.
    bool seek(const char *keyword)
    {
        const int depth = peek() ? peek()->depth : 0;
        for (int i = m_position; i < m_end; ++i) {
            if (m_tokens[i].depth == depth && m_tokens[i].isWord(keyword)) {
                m_position = i + 1;
                return true;
            }
        }
        return false;
    }

private:
    const SqlTokens &m_tokens;
    int m_position;
    int m_end;
};

StatementActions each(ActionKind kind, const QStringList &tables)
{
    StatementActions actions;
    for (const QString &table : tables)
        actions << makeAction(kind, table);
    return actions;
}

// MySQL's view and trigger options, and every other word that may stand between CREATE and what it creates.
void skipCreateModifiers(Cursor &cursor, StatementAction *index)
{
    for (;;) {
        if (cursor.acceptAll({"OR", "REPLACE"}) || cursor.accept("GLOBAL") || cursor.accept("LOCAL") ||
            cursor.accept("TEMP") || cursor.accept("TEMPORARY") || cursor.accept("UNLOGGED") ||
            cursor.accept("RECURSIVE") || cursor.accept("MATERIALIZED") || cursor.accept("CONSTRAINT") ||
            cursor.accept("FULLTEXT") || cursor.accept("SPATIAL")) {
            continue;
        }
        if (cursor.accept("UNIQUE")) {
            index->unique = true;
            continue;
        }
        if (cursor.acceptAll({"SQL", "SECURITY"})) {
            cursor.skip();
            continue;
        }
        if (cursor.peekWord("ALGORITHM") || cursor.peekWord("DEFINER")) {
            cursor.skip();
            cursor.acceptSymbol('=');
            cursor.skip(); // the value, or user of user@host
            if (cursor.acceptSymbol('@'))
                cursor.skip();
            continue;
        }
        return;
    }
}

StatementActions readCreate(Cursor &cursor)
{
    StatementAction index = makeAction(ActionKind::CreateIndex, QString());
    skipCreateModifiers(cursor, &index);
    if (cursor.accept("TABLE")) {
        cursor.acceptAll({"IF", "NOT", "EXISTS"});
        const QString table = cursor.name();
        return table.isEmpty() ? StatementActions() : StatementActions{makeAction(ActionKind::CreateTable, table)};
    }
    if (cursor.accept("INDEX")) {
        index.concurrently = cursor.accept("CONCURRENTLY");
        cursor.acceptAll({"IF", "NOT", "EXISTS"});
        if (!cursor.peekWord("ON"))
            index.object = cursor.name();
        if (!cursor.accept("ON"))
            return {};
        cursor.accept("ONLY");
        index.table = cursor.name();
        return index.table.isEmpty() ? StatementActions() : StatementActions{index};
    }
    if (cursor.accept("VIEW")) {
        cursor.acceptAll({"IF", "NOT", "EXISTS"});
        const QString view = cursor.name();
        return view.isEmpty() ? StatementActions() : StatementActions{makeAction(ActionKind::CreateView, view)};
    }
    if (cursor.accept("TRIGGER")) {
        cursor.acceptAll({"IF", "NOT", "EXISTS"});
        const QString trigger = cursor.name();
        if (trigger.isEmpty() || !cursor.seek("ON"))
            return {};
        const QString table = cursor.name();
        return table.isEmpty() ? StatementActions()
                               : StatementActions{makeAction(ActionKind::CreateTrigger, table, trigger)};
    }
    if (cursor.accept("FUNCTION") || cursor.accept("PROCEDURE"))
        return {makeAction(ActionKind::CreateFunction, QString(), cursor.name())};
    return {};
}

StatementActions readDrop(Cursor &cursor)
{
    cursor.accept("TEMPORARY");
    if (cursor.accept("TABLE")) {
        cursor.acceptAll({"IF", "EXISTS"});
        return each(ActionKind::DropTable, cursor.names());
    }
    cursor.accept("MATERIALIZED");
    if (cursor.accept("VIEW")) {
        cursor.acceptAll({"IF", "EXISTS"});
        return each(ActionKind::DropView, cursor.names());
    }
    if (cursor.accept("INDEX")) {
        StatementAction drop = makeAction(ActionKind::DropIndex, QString());
        drop.concurrently = cursor.accept("CONCURRENTLY");
        cursor.acceptAll({"IF", "EXISTS"});
        drop.object = cursor.name();
        if (cursor.accept("ON"))
            drop.table = cursor.name();
        return {drop};
    }
    return {};
}

// The words after ADD or DROP that name something other than a column.
bool namesTableElement(const Cursor &cursor)
{
    for (const char *word :
         {"CONSTRAINT", "INDEX", "KEY", "PRIMARY", "FOREIGN", "CHECK", "UNIQUE", "PARTITION", "DEFAULT", "NOT",
          "EXPRESSION", "IDENTITY", "SYSTEM", "FULLTEXT", "SPATIAL", "EXCLUDE", "PERIOD"}) {
        if (cursor.peekWord(word))
            return true;
    }
    return false;
}

// ADD [COLUMN] name type ...: NOT NULL, DEFAULT and what fills every row.
StatementAction readAddColumn(Cursor &clause, const QString &table)
{
    clause.acceptAll({"IF", "NOT", "EXISTS"});
    StatementAction add = makeAction(ActionKind::AddColumn, table, clause.name());
    while (!clause.atEnd()) {
        const SqlToken &token = *clause.peek();
        if (clause.acceptAll({"NOT", "NULL"})) {
            add.notNull = true;
        } else if (token.isWord("DEFAULT")) {
            clause.skip();
            add.hasDefault = true;
            clause.acceptSymbol('(');
            const SqlToken *value = clause.peek();
            const SqlToken *after = clause.peek(1);
            if (value && value->kind == SqlToken::Kind::Word && after && after->isSymbol('(')) {
                add.fillsEveryRow = isVolatileFunction(value->text);
            }
        } else if (token.isWord("SERIAL") || token.isWord("BIGSERIAL") || token.isWord("SMALLSERIAL") ||
                   token.isWord("IDENTITY") || token.isWord("STORED")) {
            add.fillsEveryRow = true;
            add.hasDefault = true;
            clause.skip();
        } else if (token.isWord("UNIQUE") || token.isWord("PRIMARY")) {
            add.unique = true;
            clause.skip();
        } else {
            clause.skip();
        }
    }
    return add;
}

// ADD [CONSTRAINT name] UNIQUE | PRIMARY KEY | FOREIGN KEY | CHECK ..., or MySQL's ADD INDEX/KEY.
StatementAction readAddElement(Cursor &clause, const QString &table)
{
    StatementAction add = makeAction(ActionKind::AddConstraint, table);
    if (clause.accept("CONSTRAINT") && !clause.peekWord("UNIQUE") && !clause.peekWord("PRIMARY") &&
        !clause.peekWord("FOREIGN") && !clause.peekWord("CHECK"))
        add.object = clause.name();
    if (clause.accept("INDEX") || clause.accept("KEY") || clause.accept("FULLTEXT") || clause.accept("SPATIAL")) {
        add.kind = ActionKind::CreateIndex;
        return add;
    }
    add.unique = clause.peekWord("UNIQUE") || clause.peekWord("PRIMARY");
    add.validatesRows = (clause.peekWord("FOREIGN") || clause.peekWord("CHECK")) && !clause.containsTopLevel("VALID");
    add.usesExistingIndex = clause.containsTopLevel("USING") && clause.containsTopLevel("INDEX");
    if (!add.unique && !add.validatesRows && !clause.peekWord("FOREIGN") && !clause.peekWord("CHECK"))
        add.kind = ActionKind::AlterTable; // EXCLUDE, PARTITION, ...
    return add;
}

// RENAME TO x / RENAME x (MySQL) rename the table; RENAME [COLUMN] a TO b a column.
StatementAction readRename(Cursor &clause, const QString &table)
{
    if (clause.accept("TO") || clause.accept("AS"))
        return makeAction(ActionKind::RenameTable, table);
    if (clause.peekWord("CONSTRAINT") || clause.peekWord("INDEX") || clause.peekWord("KEY"))
        return makeAction(ActionKind::AlterTable, table);
    const bool column = clause.accept("COLUMN");
    const QString name = clause.name();
    if (!column && clause.atEnd())
        return makeAction(ActionKind::RenameTable, table);
    return makeAction(ActionKind::RenameColumn, table, name);
}

StatementActions readAlterClause(Cursor &clause, const QString &table)
{
    if (clause.accept("RENAME"))
        return {readRename(clause, table)};
    if (clause.accept("DROP")) {
        if (namesTableElement(clause))
            return {makeAction(ActionKind::AlterTable, table)};
        clause.accept("COLUMN");
        clause.acceptAll({"IF", "EXISTS"});
        return {makeAction(ActionKind::DropColumn, table, clause.name())};
    }
    if (clause.accept("ADD")) {
        if (clause.accept("COLUMN") || !namesTableElement(clause))
            return {readAddColumn(clause, table)};
        return {readAddElement(clause, table)};
    }
    if (clause.accept("ALTER")) {
        clause.accept("COLUMN");
        const QString column = clause.name();
        if (clause.accept("TYPE") || clause.acceptAll({"SET", "DATA", "TYPE"}))
            return {makeAction(ActionKind::AlterColumnType, table, column)};
        if (clause.acceptAll({"SET", "NOT", "NULL"}))
            return {makeAction(ActionKind::SetNotNull, table, column)};
        return {makeAction(ActionKind::AlterTable, table, column)};
    }
    // MySQL: MODIFY rewrites a column's definition; CHANGE old new also renames it when the names differ.
    if (clause.accept("MODIFY")) {
        clause.accept("COLUMN");
        return {makeAction(ActionKind::AlterColumnType, table, clause.name())};
    }
    if (clause.accept("CHANGE")) {
        clause.accept("COLUMN");
        const QString from = clause.name();
        const QString to = clause.name();
        StatementActions actions{makeAction(ActionKind::AlterColumnType, table, to)};
        if (!to.isEmpty() && to.compare(from, Qt::CaseInsensitive) != 0)
            actions.prepend(makeAction(ActionKind::RenameColumn, table, from));
        return actions;
    }
    StatementAction other = makeAction(ActionKind::AlterTable, table);
    if (clause.accept("ALGORITHM")) {
        clause.acceptSymbol('=');
        other.copiesTable = clause.peekWord("COPY");
    } else if (clause.accept("LOCK")) {
        clause.acceptSymbol('=');
        other.locksTable = clause.peekWord("SHARED") || clause.peekWord("EXCLUSIVE");
    }
    return {other};
}

StatementActions readAlter(Cursor &cursor, const SqlTokens &tokens)
{
    if (!cursor.accept("TABLE"))
        return {};
    cursor.acceptAll({"IF", "EXISTS"});
    cursor.accept("ONLY");
    const QString table = cursor.name();
    if (table.isEmpty())
        return {};
    StatementActions actions;
    // Clauses are separated by top-level commas; MySQL's ALGORITHM/LOCK options are clauses too.
    const int depth = cursor.peek() ? cursor.peek()->depth : 0;
    int start = cursor.position();
    for (int i = start; i <= cursor.end(); ++i) {
        if (i < cursor.end() && !(tokens[i].depth == depth && tokens[i].isSymbol(',')))
            continue;
        Cursor clause(tokens, start, i);
        if (!clause.atEnd())
            actions << readAlterClause(clause, table);
        start = i + 1;
    }
    if (actions.isEmpty())
        actions << makeAction(ActionKind::AlterTable, table);
    return actions;
}

StatementActions readRowChange(Cursor &cursor, ActionKind kind)
{
    // INSERT [OR x] [IGNORE] INTO t, REPLACE INTO t, UPDATE [OR x] [ONLY] t, DELETE FROM [ONLY] t
    if (cursor.accept("OR"))
        cursor.skip();
    cursor.accept("IGNORE");
    cursor.accept("LOW_PRIORITY");
    cursor.accept("INTO");
    cursor.accept("FROM");
    cursor.accept("ONLY");
    StatementAction change = makeAction(kind, cursor.name());
    if (change.table.isEmpty())
        return {};
    change.filtered = kind == ActionKind::Insert || cursor.containsTopLevel("WHERE");
    return {change};
}

bool isTransactionControl(const Cursor &cursor)
{
    const SqlToken *second = cursor.peek(1);
    if (cursor.peekWord("BEGIN") || cursor.peekWord("END"))
        return !second || second->isWord("TRANSACTION") || second->isWord("WORK") || second->isWord("DEFERRED") ||
               second->isWord("IMMEDIATE") || second->isWord("EXCLUSIVE") || second->isSymbol(';');
    return cursor.peekWord("COMMIT") || cursor.peekWord("ROLLBACK") ||
           (cursor.peekWord("START") && cursor.peekWord("TRANSACTION", 1)) || cursor.peekWord("SAVEPOINT") ||
           cursor.peekWord("RELEASE");
}

} // namespace

StatementActions readStatementTokens(const QString &statement)
{
    const SqlTokens tokens = tokenize(statement);
    Cursor cursor(tokens, 0, tokens.size());
    if (isTransactionControl(cursor))
        return {makeAction(ActionKind::TransactionControl, QString())};
    if (cursor.accept("CREATE"))
        return readCreate(cursor);
    if (cursor.accept("DROP"))
        return readDrop(cursor);
    if (cursor.accept("ALTER"))
        return readAlter(cursor, tokens);
    if (cursor.accept("INSERT"))
        return readRowChange(cursor, ActionKind::Insert);
    if (cursor.accept("REPLACE"))
        return readRowChange(cursor, ActionKind::Insert);
    if (cursor.accept("UPDATE"))
        return readRowChange(cursor, ActionKind::Update);
    if (cursor.accept("DELETE"))
        return readRowChange(cursor, ActionKind::Delete);
    if (cursor.accept("TRUNCATE")) {
        cursor.accept("TABLE");
        cursor.accept("ONLY");
        return each(ActionKind::Truncate, cursor.names());
    }
    if (cursor.acceptAll({"RENAME", "TABLE"})) {
        // MySQL: RENAME TABLE a TO b, c TO d
        StatementActions actions;
        do {
            actions << makeAction(ActionKind::RenameTable, cursor.name());
            cursor.accept("TO");
            cursor.name();
        } while (cursor.acceptSymbol(','));
        return actions;
    }
    if (cursor.acceptAll({"COMMENT", "ON", "TABLE"}))
        return {makeAction(ActionKind::Comment, cursor.name())};
    if (cursor.accept("VACUUM")) {
        StatementAction vacuum = makeAction(ActionKind::Vacuum, QString());
        vacuum.full = cursor.accept("FULL") || (cursor.acceptSymbol('(') && cursor.containsTopLevel("FULL"));
        while (!cursor.atEnd() && !cursor.peek()->isName())
            cursor.skip();
        while (cursor.accept("FULL") || cursor.accept("FREEZE") || cursor.accept("VERBOSE") || cursor.accept("ANALYZE"))
            ;
        vacuum.table = cursor.name();
        return {vacuum};
    }
    if (cursor.accept("CLUSTER") || cursor.acceptAll({"OPTIMIZE", "TABLE"})) {
        StatementAction rebuild = makeAction(ActionKind::Vacuum, cursor.name());
        rebuild.full = true;
        return {rebuild};
    }
    if (cursor.accept("REINDEX")) {
        StatementAction reindex = makeAction(ActionKind::Reindex, QString());
        if (cursor.acceptSymbol('(')) {
            reindex.concurrently = cursor.containsTopLevel("CONCURRENTLY");
            while (!cursor.atEnd() && !cursor.acceptSymbol(')'))
                cursor.skip();
        }
        const bool table = cursor.accept("TABLE");
        if (!table)
            cursor.skip(); // INDEX, SCHEMA, DATABASE, SYSTEM
        reindex.concurrently = cursor.accept("CONCURRENTLY") || reindex.concurrently;
        (table ? reindex.table : reindex.object) = cursor.name();
        return {reindex};
    }
    return {};
}

} // namespace retort
