//! A JSON value that keeps its keys in the order the API sent them.
//!
//! `serde_json::Value` sorts object keys (without its `preserve_order`
//! feature, which would add `indexmap` to the wasm for this one use), and an
//! extracted invoice read as `date, line_items, total, vendor_name` is not
//! the schema a person wrote. Serialising a [`Node`] writes the keys in the
//! same order, so "JSON" shows the API's own order too.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// A JSON value; objects are ordered `(key, value)` lists.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// A string node, for building values by hand (the demo, tests).
    pub fn text(s: impl Into<String>) -> Node {
        Node::String(s.into())
    }

    /// A number node; a whole number is kept whole (`480`, as JavaScript and
    /// Python write it, not `480.0`), and a non-finite `f64` becomes `null`,
    /// as JSON has no such number.
    pub fn number(n: f64) -> Node {
        if n.fract() == 0.0 && n.abs() < 9e15 {
            return Node::Number((n as i64).into());
        }
        serde_json::Number::from_f64(n).map_or(Node::Null, Node::Number)
    }

    /// An object node from `(key, value)` pairs, in that order.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Node)>) -> Node {
        Node::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The value pretty-printed (two spaces), keys in their order.
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// How a scalar reads in a table cell: strings as they are, numbers and
    /// booleans as JSON writes them, null as an empty cell's dash.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Null => Some("—".into()),
            Node::Bool(b) => Some(b.to_string()),
            // As JSON writes it (serde_json's own number formatting, which the
            // app ships anyway, rather than a second float formatter from `Display`).
            Node::Number(n) => serde_json::to_string(n).ok(),
            Node::String(s) => Some(s.clone()),
            Node::Array(_) | Node::Object(_) => None,
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Number(n) => n.serialize(s),
            Node::String(v) => s.serialize_str(v),
            Node::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Node::Object(pairs) => {
                let mut map = s.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut pairs = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Node>()? {
            pairs.push((k, v));
        }
        Ok(Node::Object(pairs))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_apis_order_both_ways() {
        let raw = r#"{"vendor_name":"Acme <b>","date":"2026-11-02","total":12.5,"n":3,"ok":true,"x":null,"line_items":[{"b":1,"a":2}]}"#;
        let n: Node = serde_json::from_str(raw).unwrap();
        let Node::Object(pairs) = &n else { panic!() };
        let keys: Vec<_> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["vendor_name", "date", "total", "n", "ok", "x", "line_items"]
        );
        assert_eq!(serde_json::to_string(&n).unwrap(), raw);
        assert!(n
            .pretty()
            .starts_with("{\n  \"vendor_name\": \"Acme <b>\",\n  \"date\""));
    }

    #[test]
    fn scalars_read_as_cells() {
        assert_eq!(Node::number(12.5).scalar_text().as_deref(), Some("12.5"));
        assert_eq!(Node::Null.scalar_text().as_deref(), Some("—"));
        assert_eq!(Node::Bool(false).scalar_text().as_deref(), Some("false"));
        assert_eq!(Node::number(f64::NAN), Node::Null);
        assert_eq!(Node::number(480.0).scalar_text().as_deref(), Some("480"));
        let read: Node = serde_json::from_str("[480.0, -3, 1e300]").unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), "[480,-3,1e+300]");
        assert_eq!(Node::Array(vec![]).scalar_text(), None);
    }
}
