"""The specs of the apps below the import engine (members, organisations); importing this
package registers them."""

from dangbo.imports.specs import members, organizations

__all__ = ["members", "organizations"]
