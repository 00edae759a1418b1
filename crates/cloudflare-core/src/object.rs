//! Reading and writing a generated struct as a JSON object: the `decode_struct!` and
//! `encode_struct!` macros the generator writes one line each of per struct
//! (`::cloudflare_core::decode_struct!(default Zone { id, name, type_ = "type" }, extra);`),
//! `decode_untagged!` for an untagged union, and the helpers they expand to.
//!
//! Reading is as serde's derive would (the same field names, `None` for an absent
//! `Option`, the same "missing field" error for an absent required field, the same
//! "invalid type: .., expected struct X"); every other property is kept in the struct's
//! [`Extra`](crate::Extra) (through [`Extra::keep`](crate::Extra::keep), so a value the
//! repair moved gets its name back), and the last of a repeated key wins, as a JSON parser
//! does. One difference, on purpose: a JSON array is not read as a struct (serde's derive
//! reads `["a", 1]` into the fields in order; an array where an object belongs is the wrong
//! JSON type, and the repair keeps it raw). Every struct reads through one shared visitor
//! ([`deserialize_struct`]) and writes through one function ([`encode`]), its fields handed
//! over as `erased_serde` values: serde's derives wrote several visitors and a `Serialize`
//! body per struct and serializer, which made the product crates twice as slow to compile.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A property name, borrowed from the input where the deserializer can lend it.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A value where `null` is the type's default (`#[serde(deserialize_with =
/// "null_as_default")]` of a field the macro decodes).
pub struct NullAsDefault<T>(pub T);

impl<'de, T: Default + Deserialize<'de>> Deserialize<'de> for NullAsDefault<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(NullAsDefault(
            Option::<T>::deserialize(d)?.unwrap_or_default(),
        ))
    }
}

/// A struct `decode_struct!` reads: how it reads its fields from a JSON object.
#[doc(hidden)]
pub trait Fields: Sized {
    /// What a value of another JSON type was expected to be: `struct X`, as serde's derive
    /// says it.
    const NAME: &'static str;
    /// Reads the object's properties into the struct.
    ///
    /// # Errors
    ///
    /// A field's, or a missing required field.
    fn visit<'de, A: de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize` for every struct `decode_struct!` writes: one map visitor, shared.
///
/// # Errors
///
/// The deserializer's, "invalid type: .., expected struct X" for another JSON type than an
/// object, or [`Fields::visit`]'s.
#[doc(hidden)]
pub fn deserialize_struct<'de, T: Fields, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    struct Visit<T>(std::marker::PhantomData<T>);
    impl<'de, T: Fields> Visitor<'de> for Visit<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::NAME)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::visit(map)
        }
    }
    d.deserialize_map(Visit(std::marker::PhantomData))
}

/// The value of a field the object does not have: `None` for an `Option`, else the
/// "missing field" error (what serde's derive does).
///
/// # Errors
///
/// `missing field `name`` for any type but an `Option`.
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(name: &'static str) -> Result<T, E> {
    struct Missing<E>(&'static str, std::marker::PhantomData<E>);
    impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
        type Error = E;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
            Err(E::missing_field(self.0))
        }
        fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
            v.visit_none()
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }
    T::deserialize(Missing(name, std::marker::PhantomData))
}

/// `Deserialize` for a generated struct, from its fields (`name`, or `name = "jsonName"`
/// where the JSON name differs, then how it treats absence: nothing, `default`,
/// `null_default` or `required`), with `, extra` when it keeps unknown properties in its
/// `extra` field. `default X { .. }` is for a struct that derives `Default` and whose every
/// field is an `Option` or has a default: it starts from `X::default()` and sets each field
/// read (less code to compile for the same result). See the [module docs](self).
#[doc(hidden)]
#[macro_export]
macro_rules! decode_struct {
    ($ty:ident { $($field:ident $(= $wire:literal)? $($mode:ident)?),* $(,)? } $(, $extra:ident)?) => {
        $crate::decode_struct!(@visitor $ty, map, A, 'de, {
            $(let mut $field = ::std::option::Option::None;)*
            $(let mut $extra = $crate::Extra::default();)?
            while let ::std::option::Option::Some(key) =
                map.next_key::<$crate::object::Key<'de>>()?
            {
                match key.as_str() {
                    $($crate::decode_struct!(@wire $field $($wire)?) => {
                        $field = ::std::option::Option::Some(
                            $crate::decode_struct!(@value map $($mode)?),
                        )
                    })*
                    _ => $crate::decode_struct!(@unknown map key $($extra)?),
                }
            }
            ::std::result::Result::Ok($ty {
                $($field: $crate::decode_struct!(@missing A $field [$($wire)?] $($mode)?),)*
                $($extra,)?
            })
        });
    };
    (default $ty:ident { $($field:ident $(= $wire:literal)? $($mode:ident)?),* $(,)? } $(, $extra:ident)?) => {
        $crate::decode_struct!(@visitor $ty, map, A, 'de, {
            let mut out = <$ty as ::std::default::Default>::default();
            while let ::std::option::Option::Some(key) =
                map.next_key::<$crate::object::Key<'de>>()?
            {
                match key.as_str() {
                    $($crate::decode_struct!(@wire $field $($wire)?) => {
                        out.$field = $crate::decode_struct!(@value map $($mode)?)
                    })*
                    _ => $crate::decode_struct!(@unknown map key $(out.$extra)?),
                }
            }
            ::std::result::Result::Ok(out)
        });
    };
    // The impls both forms write: `Deserialize` through the core's one map visitor
    // ([`deserialize_struct`](crate::object::deserialize_struct)), and the struct's
    // [`Fields::visit`](crate::object::Fields::visit), which is `$read` reading `$map` (of type
    // `$a`, with lifetime `$de`).
    (@visitor $ty:ident, $map:ident, $a:ident, $de:lifetime, $read:block) => {
        impl<$de> ::serde::Deserialize<$de> for $ty {
            fn deserialize<D: ::serde::Deserializer<$de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::object::deserialize_struct(d)
            }
        }
        impl $crate::object::Fields for $ty {
            const NAME: &'static str = ::std::concat!("struct ", ::std::stringify!($ty));
            fn visit<$de, $a: ::serde::de::MapAccess<$de>>(
                mut $map: $a,
            ) -> ::std::result::Result<$ty, $a::Error> $read
        }
    };
    (@wire $field:ident) => {
        ::std::stringify!($field)
    };
    (@wire $field:ident $wire:literal) => {
        $wire
    };
    // A `match` rather than `?`: the same, with less for the compiler to resolve per field.
    (@value $map:ident null_default) => {
        match $map.next_value::<$crate::object::NullAsDefault<_>>() {
            ::std::result::Result::Ok(v) => v.0,
            ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
        }
    };
    (@value $map:ident $($mode:ident)?) => {
        match $map.next_value() {
            ::std::result::Result::Ok(v) => v,
            ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
        }
    };
    (@missing $a:ident $field:ident [$($wire:literal)?]) => {
        match $field {
            ::std::option::Option::Some(v) => v,
            ::std::option::Option::None => $crate::object::missing::<_, $a::Error>(
                $crate::decode_struct!(@wire $field $($wire)?),
            )?,
        }
    };
    (@missing $a:ident $field:ident [$($wire:literal)?] required) => {
        match $field {
            ::std::option::Option::Some(v) => v,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(
                    <$a::Error as ::serde::de::Error>::missing_field(
                        $crate::decode_struct!(@wire $field $($wire)?),
                    ),
                )
            }
        }
    };
    (@missing $a:ident $field:ident [$($wire:literal)?] $mode:ident) => {
        $field.unwrap_or_default()
    };
    (@unknown $map:ident $key:ident) => {{
        $map.next_value::<::serde::de::IgnoredAny>()?;
    }};
    (@unknown $map:ident $key:ident $($extra:tt)+) => {
        $($extra)+.keep($key.into_owned(), $map.next_value()?)
    };
}

/// `Deserialize` for a generated untagged union whose members are each one type
/// (`Name(T)`): the value is read once, then each member is tried in order, and the first
/// that decodes is the answer, as serde's derive does (with the same error when none does:
/// "data did not match any variant of untagged enum X").
#[doc(hidden)]
#[macro_export]
macro_rules! decode_untagged {
    ($ty:ident { $($variant:ident),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::object::Value as ::serde::Deserialize>::deserialize(d)?;
                $(if let ::std::result::Result::Ok(v) = ::serde::Deserialize::deserialize(&value) {
                    return ::std::result::Result::Ok(Self::$variant(v));
                })*
                ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                    ::std::concat!(
                        "data did not match any variant of untagged enum ",
                        ::std::stringify!($ty)
                    ),
                ))
            }
        }
    };
}

#[doc(hidden)]
pub use serde_json::Value;

/// A field's value as `encode_struct!` hands it to [`encode`]: any `Serialize`, behind one
/// pointer, so the struct's `Serialize` body is a list rather than a call per field.
#[doc(hidden)]
pub use erased_serde::Serialize as Encode;

/// A field `encode_struct!` writes only when it holds something: an `Option` that is `Some`,
/// a list or map that is not empty (typify's `skip_serializing_if`).
pub trait Omittable {
    /// Whether the field is left out of the JSON.
    fn is_unset(&self) -> bool;
}

impl<T> Omittable for Option<T> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl<T> Omittable for Vec<T> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V, H> Omittable for std::collections::HashMap<K, V, H> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Omittable for std::collections::BTreeMap<K, V> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl Omittable for serde_json::Map<String, Value> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

/// A field `encode_struct!` writes for [`encode`]: its JSON name and its value, behind one
/// pointer either way.
#[doc(hidden)]
pub enum Entry<'a> {
    /// Written whatever it holds.
    Always(&'static str, &'a dyn Encode),
    /// Left out when it is `None` or empty (`skip_empty`).
    SkipEmpty(&'static str, &'a dyn EncodeOmittable),
}

/// A value [`Entry::SkipEmpty`] holds: written, unless [`Omittable::is_unset`].
#[doc(hidden)]
pub trait EncodeOmittable: Encode + Omittable {}

impl<T: serde::Serialize + Omittable> EncodeOmittable for T {}

/// Writes a generated struct as a JSON object: each field that is `Some` under its JSON name,
/// in order, then the properties kept in its `extra` (what serde's derive writes for the same
/// struct, `#[serde(flatten)]` included). One function for every struct, so a product crate
/// does not compile a `Serialize` body per struct and per serializer.
///
/// # Errors
///
/// The serializer's, unchanged.
#[doc(hidden)]
pub fn encode<S: serde::Serializer>(
    s: S,
    fields: &[Entry<'_>],
    extra: Option<&crate::Extra>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(None)?;
    for field in fields {
        match *field {
            Entry::Always(name, value) => map.serialize_entry(name, value)?,
            Entry::SkipEmpty(name, value) if !value.is_unset() => {
                map.serialize_entry(name, value as &dyn Encode)?
            }
            Entry::SkipEmpty(..) => {}
        }
    }
    if let Some(extra) = extra {
        for (name, value) in extra.iter() {
            map.serialize_entry(name, value)?;
        }
    }
    map.end()
}

/// Sets a request's JSON body (`RequestBuilder::json`), serialised through the core's one
/// instance of it rather than one per body type in each product crate: the generated
/// builders' `prepare` calls it where progenitor wrote `.json(&body)`. The bytes and the
/// error (kept for `build()`) are `json`'s.
#[doc(hidden)]
pub fn json_body(request: reqwest::RequestBuilder, body: &dyn Encode) -> reqwest::RequestBuilder {
    request.json(body)
}

/// `Serialize` for a generated struct, from its fields (`name`, or `name = "jsonName"` where
/// the JSON name differs, then `skip_empty` for a field left out when it is `None` or empty),
/// with `, extra` when its `extra` field's properties are written after them. It writes what
/// serde's derive writes for the same struct and attributes, through [`encode`](crate::object::encode).
#[doc(hidden)]
#[macro_export]
macro_rules! encode_struct {
    ($ty:ident { $($field:ident $(= $wire:literal)? $($skip:ident)?),* $(,)? } $(, $extra:ident)?) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::object::encode(s, &[$(
                    $crate::encode_struct!(@entry $($skip)?)(
                        $crate::decode_struct!(@wire $field $($wire)?),
                        &self.$field,
                    )
                ),*], $crate::encode_struct!(@extra self $($extra)?))
            }
        }
    };
    (@entry) => {
        $crate::object::Entry::Always
    };
    (@entry skip_empty) => {
        $crate::object::Entry::SkipEmpty
    };
    (@extra $self:ident) => {
        ::std::option::Option::None
    };
    (@extra $self:ident $extra:ident) => {
        ::std::option::Option::Some(&$self.$extra)
    };
}

#[cfg(test)]
mod tests {
    //! The macros read JSON as serde's derive does: each struct is written twice, derived
    //! and through the macro, and both must answer every input alike (the value, or the
    //! error's text).
    use serde::{Deserialize, Serialize};

    use crate::Extra;

    mod derived {
        use super::*;
        #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
        pub struct Open {
            pub id: Option<String>,
            #[serde(rename = "type")]
            pub type_: Option<u32>,
            #[serde(default)]
            pub tags: Vec<String>,
            #[serde(default, deserialize_with = "crate::de::null_as_default")]
            pub map: std::collections::BTreeMap<String, u8>,
            #[serde(flatten)]
            pub extra: Extra,
        }
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        pub struct Strict {
            pub name: String,
            #[serde(deserialize_with = "Option::deserialize")]
            pub note: Option<String>,
            pub port: Option<u16>,
        }
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum Union {
            Number(u32),
            Strict(Strict),
            Text(String),
        }
    }

    mod ours {
        use super::*;
        // As the generator writes them: no serde attributes, a line per direction.
        #[derive(Debug, Default, PartialEq)]
        pub struct Open {
            pub id: Option<String>,
            pub type_: Option<u32>,
            pub tags: Vec<String>,
            pub map: std::collections::BTreeMap<String, u8>,
            pub extra: Extra,
        }
        crate::decode_struct!(default Open { id, type_ = "type", tags default, map null_default }, extra);
        crate::encode_struct!(Open { id, type_ = "type", tags, map }, extra);
        #[derive(Debug, PartialEq)]
        pub struct Strict {
            pub name: String,
            pub note: Option<String>,
            pub port: Option<u16>,
        }
        crate::decode_struct!(Strict { name, note required, port });
        crate::encode_struct!(Strict { name, note, port });
        #[derive(Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Union {
            Number(u32),
            Strict(Strict),
            Text(String),
        }
        crate::decode_untagged!(Union {
            Number,
            Strict,
            Text
        });
        /// Fields sent only when set, as typify marks them.
        #[derive(Debug, Default, PartialEq)]
        pub struct Sparse {
            pub id: Option<String>,
            pub tags: Vec<String>,
            pub labels: std::collections::HashMap<String, String>,
            pub note: Option<String>,
        }
        crate::encode_struct!(Sparse { id skip_empty, tags skip_empty, labels skip_empty, note });
    }

    mod sparse {
        use super::*;
        #[derive(Debug, Default, PartialEq, Serialize)]
        pub struct Sparse {
            #[serde(skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub tags: Vec<String>,
            #[serde(default, skip_serializing_if = "std::collections::HashMap::is_empty")]
            pub labels: std::collections::HashMap<String, String>,
            pub note: Option<String>,
        }
    }

    /// The outcome of decoding `json` as `T`, as JSON text or the error's text.
    fn outcome<T: for<'de> Deserialize<'de> + Serialize>(json: &str) -> String {
        match serde_json::from_str::<T>(json) {
            Ok(v) => serde_json::to_string(&v).unwrap(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn the_macros_read_json_as_serde_derive_does() {
        let open = [
            r#"{}"#,
            r#"{"id": "a", "type": 3, "tags": ["x"], "map": {"k": 1}, "new": [1, {"b": null}]}"#,
            r#"{"id": null, "type": null, "map": null}"#,
            r#"{"i\u0064": "escaped", "type_": 1}"#,
            r#"{"type": "three"}"#,
            r#"{"tags": null}"#,
            r#"[]"#,
            r#""text""#,
            r#"{"id": "a""#,
        ];
        for json in open {
            assert_eq!(
                outcome::<ours::Open>(json),
                outcome::<derived::Open>(json),
                "{json}"
            );
        }
        let strict = [
            r#"{"name": "n", "note": null}"#,
            r#"{"name": "n", "note": "x", "port": 53, "unknown": true}"#,
            r#"{"note": null}"#,
            r#"{"name": "n"}"#,
            r#"{"name": "n", "note": null, "port": 70000}"#,
        ];
        for json in strict {
            assert_eq!(
                outcome::<ours::Strict>(json),
                outcome::<derived::Strict>(json),
                "{json}"
            );
        }
        for json in strict
            .iter()
            .copied()
            .chain([r#"7"#, r#""t""#, r#"true"#, r#"null"#])
        {
            assert_eq!(
                outcome::<ours::Union>(json),
                outcome::<derived::Union>(json),
                "{json}"
            );
        }
    }

    #[test]
    fn the_macro_writes_json_as_serde_derive_does() {
        let labels = std::collections::HashMap::from([("k".to_owned(), "v".to_owned())]);
        let cases = [
            (ours::Sparse::default(), sparse::Sparse::default()),
            (
                ours::Sparse {
                    id: Some("a".into()),
                    tags: vec!["t".into()],
                    labels: labels.clone(),
                    note: Some("n".into()),
                },
                sparse::Sparse {
                    id: Some("a".into()),
                    tags: vec!["t".into()],
                    labels,
                    note: Some("n".into()),
                },
            ),
        ];
        for (ours, derived) in cases {
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&derived).unwrap()
            );
        }
        let mut extra = Extra::default();
        extra.insert("new".into(), serde_json::json!([1]));
        extra.insert("id".into(), serde_json::Value::Null);
        let open = ours::Open {
            type_: Some(3),
            extra: extra.clone(),
            ..Default::default()
        };
        let derived = derived::Open {
            type_: Some(3),
            extra,
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&open).unwrap(),
            serde_json::to_string(&derived).unwrap()
        );
    }

    #[test]
    fn an_array_is_not_a_struct() {
        let err = serde_json::from_str::<ours::Strict>(r#"["n", null, 53]"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: sequence, expected struct Strict at line 1 column 0"
        );
        assert!(serde_json::from_str::<derived::Strict>(r#"["n", null, 53]"#).is_ok());
    }

    #[test]
    fn a_repeated_property_is_its_last_value() {
        let open: ours::Open = serde_json::from_str(r#"{"id": "a", "id": "b"}"#).unwrap();
        assert_eq!(open.id.as_deref(), Some("b"));
    }
}
