revision = 'x'
down_revision = None
try:
    import plugin
    depends_on = plugin.R
except ImportError:
    depends_on = None
if X: revision = f'{a}' \
  'b'
class C:
    def upgrade(self): pass
