"""The service's own wrapper of Alembic: expand migrations run before new code is
deployed, contract migrations after the old code is gone."""
import argparse

EXPAND_BRANCH = 'expand'
CONTRACT_BRANCH = 'contract'
MIGRATION_BRANCHES = (EXPAND_BRANCH, CONTRACT_BRANCH)

# The first release whose migrations are split into the two branches.
INITIAL_RELEASE = 'kilo'


def main(argv=None):
    parser = argparse.ArgumentParser(prog='myproj-db-manage')
    parser.add_argument('branch', choices=MIGRATION_BRANCHES)
    args = parser.parse_args(argv)
    print('would upgrade %s@head' % args.branch)
