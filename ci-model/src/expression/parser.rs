//! Tokens to [`Ast`], with GitHub's precedence: `||` < `&&` < `==`/`!=` <
//! `<`/`<=`/`>`/`>=` < `!` < indexing and calls.

use super::lexer::{Tok, Token};
use super::{Ast, BinOp, CONTEXTS, ExprError, FUNCTIONS, Index};

/// Deepest nesting GitHub accepts.
const MAX_DEPTH: usize = 50;

struct Parser<'a> {
    input: &'a str,
    tokens: &'a [Token],
    pos: usize,
    depth: usize,
}

pub(super) fn parse(input: &str, tokens: &[Token]) -> Result<Ast, ExprError> {
    let mut p = Parser { input, tokens, pos: 0, depth: 0 };
    if tokens.is_empty() {
        return Err(p.error("the expression is empty", 0));
    }
    let ast = p.expression()?;
    if let Some(t) = p.peek() {
        return Err(p.error(&format!("unexpected symbol `{}`", t.text(input)), t.at));
    }
    Ok(ast)
}

impl<'a> Parser<'a> {
    fn error(&self, message: &str, at: usize) -> ExprError {
        ExprError { message: message.to_owned(), position: at + 1, expression: self.input.to_owned() }
    }

    fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.pos)
    }

    fn check(&self, tok: &Tok) -> bool {
        self.peek().is_some_and(|t| std::mem::discriminant(&t.tok) == std::mem::discriminant(tok))
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        let yes = self.check(tok);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn end_position(&self) -> usize {
        self.input.chars().count()
    }

    fn deeper(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let at = self.peek().map_or(self.end_position(), |t| t.at);
            return Err(self.error(&format!("the expression nests deeper than {MAX_DEPTH} levels"), at));
        }
        Ok(())
    }

    fn expression(&mut self) -> Result<Ast, ExprError> {
        self.deeper()?;
        let r = self.or();
        self.depth -= 1;
        r
    }

    fn or(&mut self) -> Result<Ast, ExprError> {
        let first = self.and()?;
        if !self.check(&Tok::Or) {
            return Ok(first);
        }
        let mut args = vec![first];
        while self.eat(&Tok::Or) {
            args.push(self.and()?);
        }
        Ok(Ast::Or(args))
    }

    fn and(&mut self) -> Result<Ast, ExprError> {
        let first = self.equality()?;
        if !self.check(&Tok::And) {
            return Ok(first);
        }
        let mut args = vec![first];
        while self.eat(&Tok::And) {
            args.push(self.equality()?);
        }
        Ok(Ast::And(args))
    }

    fn equality(&mut self) -> Result<Ast, ExprError> {
        let mut left = self.comparison()?;
        loop {
            let op = if self.eat(&Tok::EqEq) {
                BinOp::Eq
            } else if self.eat(&Tok::BangEq) {
                BinOp::Ne
            } else {
                return Ok(left);
            };
            let right = self.comparison()?;
            left = Ast::Binary(Box::new(left), op, Box::new(right));
        }
    }

    fn comparison(&mut self) -> Result<Ast, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek().map(|t| &t.tok) {
                Some(Tok::Lt) => BinOp::Lt,
                Some(Tok::Le) => BinOp::Le,
                Some(Tok::Gt) => BinOp::Gt,
                Some(Tok::Ge) => BinOp::Ge,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.unary()?;
            left = Ast::Binary(Box::new(left), op, Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Ast, ExprError> {
        if self.eat(&Tok::Bang) {
            self.deeper()?;
            let inner = self.unary();
            self.depth -= 1;
            return Ok(Ast::Not(Box::new(inner?)));
        }
        self.index()
    }

    fn index(&mut self) -> Result<Ast, ExprError> {
        let mut expr = self.call()?;
        if !matches!(expr, Ast::Group(_) | Ast::Call(..) | Ast::Context(_)) {
            return Ok(expr);
        }
        let base_depth = self.depth;
        loop {
            if self.eat(&Tok::LBracket) {
                let index = if self.eat(&Tok::Star) { Index::BracketStar } else { Index::Expr(self.expression()?) };
                if !self.eat(&Tok::RBracket) {
                    return Err(self.unexpected());
                }
                self.deeper()?;
                expr = Ast::Index(Box::new(expr), Box::new(index));
            } else if self.eat(&Tok::Dot) {
                self.deeper()?;
                let index = match self.peek().map(|t| &t.tok) {
                    Some(Tok::Ident(name)) => Index::Property(name.clone()),
                    Some(Tok::Star) => Index::DotStar,
                    _ => return Err(self.unexpected()),
                };
                self.pos += 1;
                expr = Ast::Index(Box::new(expr), Box::new(index));
            } else {
                break;
            }
        }
        self.depth = base_depth;
        Ok(expr)
    }

    fn unexpected(&self) -> ExprError {
        match self.peek() {
            Some(t) => self.error(&format!("unexpected symbol `{}`", t.text(self.input)), t.at),
            None => self.error("unexpected end of expression", self.end_position()),
        }
    }

    fn call(&mut self) -> Result<Ast, ExprError> {
        let Some(Token { tok: Tok::Ident(name), at, .. }) = self.peek() else {
            return self.primary();
        };
        let (name, at) = (name.clone(), *at);
        self.pos += 1;
        if !self.eat(&Tok::LParen) {
            if !CONTEXTS.iter().any(|c| c.eq_ignore_ascii_case(&name)) {
                return Err(self.error(&format!("unrecognized named-value `{name}`"), at));
            }
            return Ok(Ast::Context(name));
        }
        let mut args = Vec::new();
        while !self.eat(&Tok::RParen) {
            if self.peek().is_none() {
                return Err(self.unexpected());
            }
            args.push(self.expression()?);
            if !self.check(&Tok::RParen) && !self.eat(&Tok::Comma) {
                return Err(self.unexpected());
            }
        }
        let Some(&(canonical, min, max)) = FUNCTIONS.iter().find(|(f, _, _)| f.eq_ignore_ascii_case(&name)) else {
            return Err(self.error(&format!("unrecognized function `{name}`"), at));
        };
        let n = args.len();
        if n < min {
            return Err(self.error(&format!("too few arguments to `{canonical}`: expected {min}, found {n}"), at));
        }
        if n > max {
            return Err(self.error(&format!("too many arguments to `{canonical}`: expected {max}, found {n}"), at));
        }
        if canonical == "case" && n % 2 == 0 {
            return Err(self.error(
                &format!("`case` takes an odd number of arguments (condition, value pairs and a default), found {n}"),
                at,
            ));
        }
        Ok(Ast::Call(name, args))
    }

    fn primary(&mut self) -> Result<Ast, ExprError> {
        let Some(t) = self.peek() else {
            return Err(self.error("unexpected end of expression", self.end_position()));
        };
        self.pos += 1;
        match &t.tok {
            Tok::False => Ok(Ast::Bool(false)),
            Tok::True => Ok(Ast::Bool(true)),
            Tok::Null => Ok(Ast::Null),
            Tok::Number(n) => Ok(Ast::Number(*n)),
            Tok::String(s) => Ok(Ast::String(s.clone())),
            Tok::LParen => {
                let inner = self.expression()?;
                if !self.eat(&Tok::RParen) {
                    return Err(self.unexpected());
                }
                Ok(Ast::Group(Box::new(inner)))
            }
            _ => Err(self.error(&format!("unexpected symbol `{}`", t.text(self.input)), t.at)),
        }
    }
}
